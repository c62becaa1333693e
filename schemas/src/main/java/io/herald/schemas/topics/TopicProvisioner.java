package io.herald.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Herald's topics and keeps their cleanup and retention in line with the {@link TopicSpec}s.
 * Idempotent: running it again creates nothing and changes nothing. It never shrinks or grows the
 * partition count of an existing topic, because that would silently re-key every notification; a
 * mismatch is reported instead.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** What a provisioning run did. */
    public record Report(List<String> created, List<String> reconfigured, List<String> unchanged,
                         List<String> partitionMismatches) {
    }

    /** Makes every topic in {@code specs} exist with its configs. */
    public Report provision(Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> created = new ArrayList<>();
            List<TopicSpec> toCheck = new ArrayList<>();
            List<NewTopic> newTopics = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    toCheck.add(spec);
                } else {
                    newTopics.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()));
                }
            }
            createAll(newTopics, created, toCheck, specs);
            Report report = reconcile(toCheck, created);
            LOG.info("topics provisioned: {} created, {} reconfigured, {} unchanged, {} partition mismatches",
                    report.created().size(), report.reconfigured().size(), report.unchanged().size(),
                    report.partitionMismatches().size());
            return report;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("provisioning topics failed: " + e.getCause(), e.getCause());
        }
    }

    private void createAll(List<NewTopic> newTopics, List<String> created, List<TopicSpec> toCheck,
                           Collection<TopicSpec> specs) throws InterruptedException, ExecutionException {
        if (newTopics.isEmpty()) return;
        Map<String, org.apache.kafka.common.KafkaFuture<Void>> futures = admin.createTopics(newTopics).values();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry : futures.entrySet()) {
            try {
                entry.getValue().get();
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                // Another instance created it between our list and create: check it like any existing topic.
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
                specs.stream().filter(s -> s.name().equals(entry.getKey())).forEach(toCheck::add);
            }
        }
    }

    private Report reconcile(List<TopicSpec> specs, List<String> created) throws InterruptedException, ExecutionException {
        List<String> reconfigured = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        if (specs.isEmpty()) return new Report(List.copyOf(created), reconfigured, unchanged, mismatches);
        Map<String, TopicDescription> descriptions = settled(() -> admin.describeTopics(
                specs.stream().map(TopicSpec::name).toList()).allTopicNames().get());
        Map<ConfigResource, Config> configs = settled(() -> admin.describeConfigs(specs.stream()
                .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList()).all().get());
        for (TopicSpec spec : specs) {
            int actual = descriptions.get(spec.name()).partitions().size();
            if (actual != spec.partitions()) {
                mismatches.add(spec.name() + " has " + actual + " partitions, layout says " + spec.partitions());
                LOG.warn("topic {} has {} partitions but the layout asks for {}; left unchanged (repartitioning re-keys data)",
                        spec.name(), actual, spec.partitions());
            }
            Config current = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            List<AlterConfigOp> ops = spec.configs().entrySet().stream()
                    .filter(e -> !e.getValue().equals(valueOf(current, e.getKey())))
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .collect(Collectors.toList());
            if (ops.isEmpty()) {
                unchanged.add(spec.name());
            } else {
                settled(() -> admin.incrementalAlterConfigs(
                        Map.of(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), ops)).all().get());
                reconfigured.add(spec.name());
            }
        }
        return new Report(List.copyOf(created), reconfigured, unchanged, mismatches);
    }

    /** What {@link #verify} found; {@link #matches()} when nothing differs from the layout. */
    public record Verification(List<String> missing, List<String> partitionMismatches, List<String> configMismatches,
                               List<String> matching) {
        public boolean matches() {
            return missing.isEmpty() && partitionMismatches.isEmpty() && configMismatches.isEmpty();
        }
    }

    /** Compares the cluster with {@code specs} without changing anything. */
    public Verification verify(Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> missing = new ArrayList<>();
            List<TopicSpec> present = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) present.add(spec);
                else missing.add(spec.name());
            }
            List<String> partitions = new ArrayList<>();
            List<String> configMismatches = new ArrayList<>();
            List<String> matching = new ArrayList<>();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> descriptions = admin.describeTopics(present.stream().map(TopicSpec::name).toList())
                        .allTopicNames().get();
                Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
                        .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList()).all().get();
                for (TopicSpec spec : present) {
                    boolean ok = true;
                    int actual = descriptions.get(spec.name()).partitions().size();
                    if (actual != spec.partitions()) {
                        partitions.add(spec.name() + " has " + actual + " partitions, layout says " + spec.partitions());
                        ok = false;
                    }
                    Config current = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                    for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
                        String value = valueOf(current, wanted.getKey());
                        if (!wanted.getValue().equals(value)) {
                            configMismatches.add(spec.name() + " has " + wanted.getKey() + "=" + value + ", layout says " + wanted.getValue());
                            ok = false;
                        }
                    }
                    if (ok) matching.add(spec.name());
                }
            }
            return new Verification(List.copyOf(missing), List.copyOf(partitions), List.copyOf(configMismatches), List.copyOf(matching));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("verifying topics failed: " + e.getCause(), e.getCause());
        }
    }

    private interface AdminCall<T> {
        T call() throws InterruptedException, ExecutionException;
    }

    /**
     * A topic created a moment ago (by us or another instance) may not have reached every broker's
     * metadata yet; describing it then fails with UnknownTopicOrPartition. That usually settles within a
     * second or two, so it is retried for up to 30 s before it counts as an error. 5 s was once not enough for a
     * single busy broker (a full build: a topic created and then reconfigured was still unknown after 5 s).
     */
    private static <T> T settled(AdminCall<T> call) throws InterruptedException, ExecutionException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 120) throw e;
                Thread.sleep(250);
            }
        }
    }

    private static String valueOf(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }
}
