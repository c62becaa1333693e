package io.herald.workers.it;

import io.herald.contracts.Channel;
import io.herald.contracts.Content;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.RetryLanes;
import io.herald.schemas.topics.RetryTier;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.Topics;
import io.herald.workers.WorkerConfig;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.sms.TwilioConfig;
import io.herald.workers.webhook.WebhookConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Shared plumbing of the workers' integration tests: topics on the shared broker, a worker config
 * pointing at devkit servers, a dispatch producer and an outcome collector. Topic names are Herald's
 * fixed names, so isolation comes from unique provider ids, notification ids and consumer groups, and
 * from workers starting at the log end ({@code auto.offset.reset=latest}) once ready.
 */
final class WorkerHarness implements AutoCloseable {
    static final List<RetryTier> TIERS = RetryTier.parseList("1s,2s");
    private static final AtomicBoolean PROVISIONED = new AtomicBoolean();
    final KafkaCluster kafka;
    final Topics topics;
    final String registryUrl;
    final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaProducer<String, DispatchCommand> dispatch;
    private final KafkaProducer<String, ProviderHealth> health;
    private final KafkaConsumer<String, DeliveryOutcome> outcomeConsumer;
    private final Map<String, List<DeliveryOutcome>> outcomes = new ConcurrentHashMap<>();
    private final Thread collector;
    private volatile boolean collecting = true;

    WorkerHarness(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registryUrl = registry.confluentApiUrl();
        this.topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registryUrl)), true, TIERS);
        provision(kafka);
        Map<String, Object> producerProps = new HashMap<>(kafka.clientProperties());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.dispatch = new KafkaProducer<>(producerProps, new StringSerializer(),
                topics.dispatch(Channel.EMAIL, Priority.CRITICAL).valueSerde().serializer());
        this.health = new KafkaProducer<>(producerProps, new StringSerializer(), topics.providerHealth().valueSerde().serializer());
        Map<String, Object> consumerProps = new HashMap<>(kafka.clientProperties());
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.outcomeConsumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), topics.outcome().valueSerde().deserializer());
        List<TopicPartition> partitions = outcomeConsumer.partitionsFor(topics.outcome().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        outcomeConsumer.assign(partitions);
        outcomeConsumer.seekToEnd(partitions);
        partitions.forEach(outcomeConsumer::position);
        this.collector = new Thread(this::collect, "it-outcome-collector");
        collector.setDaemon(true);
        collector.start();
    }

    private static void provision(KafkaCluster kafka) {
        if (!PROVISIONED.compareAndSet(false, true)) return;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).provision(new TopicLayout(3, (short) 1, TIERS, Map.of(), Map.of()).specs());
        }
    }

    private void collect() {
        while (collecting) {
            try {
                for (ConsumerRecord<String, DeliveryOutcome> r : outcomeConsumer.poll(Duration.ofMillis(100))) {
                    outcomes.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(r.value());
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    /** A worker config for this run: unique group and instance, short tiers, no jitter, ephemeral HTTP port. */
    WorkerConfig config(List<SmtpProviderConfig> smtp, TwilioConfig twilio, WebhookConfig webhook, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new WorkerConfig(props, RegistryConfig.of(registryUrl), RetryLanes.uniform(TIERS), 0.0, "it-workers-" + runId, "it-" + runId, 8,
                maxPollRecords, Duration.ofMillis(50), Duration.ofSeconds(20), 10, "127.0.0.1", 0, smtp, twilio, webhook);
    }

    /** The same worker config as another instance of the same group (its own transactional id). */
    static WorkerConfig otherInstance(WorkerConfig c, String instanceId) {
        return new WorkerConfig(c.kafka(), c.registry(), c.retryLanes(), c.retryJitter(), c.groupPrefix(), instanceId, c.concurrency(),
                c.maxPollRecords(), c.pollTimeout(), c.shutdownTimeout(), c.halfOpenTricklePercent(), c.httpHost(), c.httpPort(), c.smtp(),
                c.twilio(), c.webhook());
    }

    /** The same worker config with {@code concurrency} provider calls in flight at most. */
    static WorkerConfig withConcurrency(WorkerConfig c, int concurrency) {
        return new WorkerConfig(c.kafka(), c.registry(), c.retryLanes(), c.retryJitter(), c.groupPrefix(), c.instanceId(), concurrency,
                c.maxPollRecords(), c.pollTimeout(), c.shutdownTimeout(), c.halfOpenTricklePercent(), c.httpHost(), c.httpPort(), c.smtp(),
                c.twilio(), c.webhook(), c.probeInterval(), c.replyRules());
    }

    /** The same worker config probing DOWN and HALF_OPEN providers every {@code interval}. */
    static WorkerConfig withProbeInterval(WorkerConfig c, Duration interval) {
        return new WorkerConfig(c.kafka(), c.registry(), c.retryLanes(), c.retryJitter(), c.groupPrefix(), c.instanceId(), c.concurrency(),
                c.maxPollRecords(), c.pollTimeout(), c.shutdownTimeout(), c.halfOpenTricklePercent(), c.httpHost(), c.httpPort(), c.smtp(),
                c.twilio(), c.webhook(), interval, c.replyRules());
    }

    /** A dispatch command for {@code channel}/{@code lane} to {@code address}, id prefixed by this run. */
    DispatchCommand command(String id, Channel channel, Priority lane, String address, List<String> providers) {
        Instant now = Instant.now();
        return DispatchCommand.newBuilder()
                .setNotificationId(runId + "-" + id)
                .setTenantId("acme")
                .setChannel(channel)
                .setLane(lane)
                .setCategory(lane == Priority.BULK ? "newsletter" : "otp")
                .setRecipientId("u-" + id)
                .setAddress(address)
                .setContent(Content.newBuilder().setSubject("Subject " + id).setText("Body " + id).setSmsText("Code " + id).build())
                .setExpiresAt(now.plus(Duration.ofHours(1)))
                .setCreatedAt(now)
                .setProviders(providers)
                .setProviderHint(providers.isEmpty() ? null : providers.get(0))
                .build();
    }

    void send(DispatchCommand command) {
        String topic = topics.dispatch(command.getChannel(), command.getLane()).name();
        dispatch.send(new ProducerRecord<>(topic, command.getNotificationId(), command));
    }

    void flush() {
        dispatch.flush();
    }

    void publishHealth(ProviderHealth h) throws Exception {
        health.send(new ProducerRecord<>(topics.providerHealth().name(), h.getProviderId(), h)).get();
    }

    List<DeliveryOutcome> outcomes(String notificationId) {
        return new ArrayList<>(outcomes.getOrDefault(notificationId, List.of()));
    }

    List<DeliveryOutcome> allOutcomes() {
        List<DeliveryOutcome> all = new ArrayList<>();
        outcomes.values().forEach(all::addAll);
        return all;
    }

    static SmtpProviderConfig smtp(String id, int port, double maxRate, int maxConnections) {
        return new SmtpProviderConfig(id, "127.0.0.1", port, io.herald.workers.email.TlsMode.NONE, null, null, "herald@notify.example.com",
                maxRate, maxConnections, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        collecting = false;
        outcomeConsumer.wakeup();
        try {
            collector.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outcomeConsumer.close();
        dispatch.close();
        health.close();
    }
}
