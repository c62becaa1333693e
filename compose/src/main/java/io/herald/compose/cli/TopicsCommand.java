package io.herald.compose.cli;

import io.herald.runtime.config.Config;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.topics.TopicKeys;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code herald topics apply|verify}: Herald's topics as the configuration describes them ({@code topics.*},
 * {@code retry.tiers}), on the cluster of {@code kafka.*}.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create Herald's topics (apply) or compare the cluster with the layout (verify).",
        subcommands = {TopicsCommand.Apply.class, TopicsCommand.Verify.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Success.", "1:Unexpected error.", "2:Bad usage or bad configuration.",
                "3:verify: the cluster differs from the layout; apply: a partition count differs (left unchanged)."})
final class TopicsCommand implements Callable<Integer> {
    /** The cluster differs from the layout. */
    static final int MISMATCH = 3;
    static final List<KeyCatalogue> KEYS = List.of(KafkaKeys.CATALOGUE, TopicKeys.CATALOGUE);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Herald.USAGE;
    }

    static Admin admin(Config config) {
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create missing topics and bring cleanup/retention in line; idempotent.",
                    "Never changes the partition count of an existing topic (that would re-key notifications): reports it."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Every topic exists as the layout says.",
                    "1:Unexpected error (e.g. cluster unreachable).", "2:Bad configuration.",
                    "3:Some existing topic has another partition count than the layout (left unchanged)."})
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            Config c = config.load(KEYS, Herald.environment());
            try (Admin admin = admin(c)) {
                TopicProvisioner.Report report = new TopicProvisioner(admin).provision(TopicLayout.from(c).specs());
                PrintWriter out = spec.commandLine().getOut();
                report.created().forEach(t -> out.println("created       " + t));
                report.reconfigured().forEach(t -> out.println("reconfigured  " + t));
                report.partitionMismatches().forEach(t -> out.println("MISMATCH      " + t));
                out.printf("%d created, %d reconfigured, %d unchanged, %d partition mismatches%n", report.created().size(),
                        report.reconfigured().size(), report.unchanged().size(), report.partitionMismatches().size());
                out.flush();
                return report.partitionMismatches().isEmpty() ? 0 : MISMATCH;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Compare the cluster with the layout: missing topics, partition counts, cleanup and retention. Changes nothing.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:The cluster matches the layout.",
                    "1:Unexpected error (e.g. cluster unreachable).", "2:Bad configuration.", "3:Something differs (listed)."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            Config c = config.load(KEYS, Herald.environment());
            try (Admin admin = admin(c)) {
                TopicProvisioner.Verification v = new TopicProvisioner(admin).verify(TopicLayout.from(c).specs());
                PrintWriter out = spec.commandLine().getOut();
                v.missing().forEach(t -> out.println("MISSING       " + t));
                v.partitionMismatches().forEach(t -> out.println("PARTITIONS    " + t));
                v.configMismatches().forEach(t -> out.println("CONFIG        " + t));
                out.printf("%d match, %d missing, %d partition mismatches, %d config mismatches%n", v.matching().size(),
                        v.missing().size(), v.partitionMismatches().size(), v.configMismatches().size());
                out.flush();
                return v.matches() ? 0 : MISMATCH;
            }
        }
    }
}
