package io.herald.router.it;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.router.RouterConfig;
import io.herald.schemas.registry.HttpSchemaRegistryClient;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Shared plumbing of the router's integration tests: topics, registry-backed catalogue, clients. */
final class RouterIt {
    static final int PARTITIONS = 3;

    private RouterIt() {
    }

    /** Herald's topics exist (idempotent: ITs in this JVM share the broker). */
    static void provision(KafkaCluster kafka) {
        // Metadata of just-created topics can lag on the broker for a moment: retry the idempotent provisioning.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(new HashMap<>(kafka.clientProperties()))) {
                new TopicProvisioner(admin).provision(TopicLayout.local(PARTITIONS).specs());
                return true;
            }
        });
    }

    static Topics topics(SchemaRegistryEndpoint registry) {
        return Topics.create(new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl())));
    }

    /** A config for one Streams instance of application {@code appId}, with its own state directory. */
    static RouterConfig config(KafkaCluster kafka, SchemaRegistryEndpoint registry, String appId) {
        try {
            return RouterConfig.local(kafka.bootstrapServers(), registry.confluentApiUrl())
                    .withInstance(appId, Files.createTempDirectory("router-it").toString(), 0)
                    // A killed instance never says goodbye: a short session lets its partitions move quickly.
                    .withKafka(Map.of("commit.interval.ms", "100", "session.timeout.ms", "6000",
                            "heartbeat.interval.ms", "1000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaCluster kafka) {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer of every topic the router writes decisions to. */
    static KafkaConsumer<byte[], byte[]> decisionsConsumer(KafkaCluster kafka) {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(decisionTopics());
        return consumer;
    }

    static List<String> decisionTopics() {
        List<String> topics = new ArrayList<>(List.of(TopicNames.OUTCOME, TopicNames.DLQ));
        for (Channel channel : Channel.values()) {
            for (Priority lane : Priority.values()) topics.add(TopicNames.dispatch(channel, lane));
            topics.add(TopicNames.parked(channel));
        }
        return topics;
    }

    static List<ConsumerRecord<byte[], byte[]>> poll(KafkaConsumer<byte[], byte[]> consumer) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        return out;
    }

    static String key(NotificationRequest r) {
        return r.getTenantId() + "/" + r.getIdempotencyKey();
    }
}
