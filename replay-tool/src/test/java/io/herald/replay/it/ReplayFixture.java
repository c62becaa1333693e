package io.herald.replay.it;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OptOut;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Recipient;
import io.herald.contracts.RecipientPreference;
import io.herald.contracts.Stage;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.engine.BoundedScan;
import io.herald.replay.engine.ReplayClients;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, records and clients for the replay ITs, on the shared devkit broker and registry. */
final class ReplayFixture {
    final KafkaCluster kafka;
    final ReplayClients clients;
    final Topics topics;
    final String id = UUID.randomUUID().toString().substring(0, 8);

    ReplayFixture(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.clients = ReplayClients.of(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())), Duration.ofSeconds(30));
        this.topics = clients.topics();
    }

    /** A new topic named after the test, unique on the shared broker. */
    String topic(String name, int partitions) {
        String topic = name + "." + id;
        kafka.createTopic(topic, partitions);
        return topic;
    }

    String compacted(String name) {
        String topic = name + "." + id;
        kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        return topic;
    }

    /** A parked bulk email, notification {@code n-<tenant>-<i>}, recipient {@code u-<i>}, parked at {@code at}. */
    static ParkedNotification parked(String tenant, int i, Instant at) {
        NotificationRequest base = Samples.newsletter(tenant, Integer.toString(i), at.minusSeconds(60));
        NotificationRequest request = NotificationRequest.newBuilder(base)
                .setRecipient(Recipient.newBuilder().setRecipientId("u-" + i).setEmail("user" + i + "@example.com").build())
                .build();
        return Samples.parked(request, at);
    }

    static List<ParkedNotification> parkedBacklog(String tenant, int count, Instant at) {
        List<ParkedNotification> list = new ArrayList<>();
        for (int i = 0; i < count; i++) list.add(parked(tenant, i, at));
        return list;
    }

    void produceParked(String topic, List<ParkedNotification> parked) {
        var serializer = topics.parked(Channel.EMAIL).valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ParkedNotification p : parked) {
                producer.send(new ProducerRecord<>(topic, bytes(p.getNotificationId()), serializer.serialize(topic, p)));
            }
        }
    }

    void produceHealth(String topic, String provider, HealthState state, HealthState previous) {
        ProviderHealth health = ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state)
                .setPreviousState(previous).setSince(Instant.now()).setReason("test").setSource(HealthSource.OPERATOR).build();
        send(topic, provider, topics.providerHealth().valueSerde().serializer().serialize(topic, health));
    }

    void produceOutcome(String topic, String notificationId, OutcomeStatus status) {
        DeliveryOutcome outcome = DeliveryOutcome.newBuilder().setEventId(UUID.randomUUID().toString())
                .setNotificationId(notificationId).setTenantId("acme").setAt(Instant.now()).setStage(Stage.WORKER)
                .setStatus(status).setChannel(Channel.EMAIL).setProvider("smtp-primary").setAttempt(1).build();
        send(topic, notificationId, topics.outcome().valueSerde().serializer().serialize(topic, outcome));
    }

    /** One outcome through an existing producer (for fast fake routers). */
    void sendWith(KafkaProducer<byte[], byte[]> producer, String topic, String notificationId, OutcomeStatus status) {
        DeliveryOutcome outcome = DeliveryOutcome.newBuilder().setEventId(UUID.randomUUID().toString())
                .setNotificationId(notificationId).setTenantId("acme").setAt(Instant.now()).setStage(Stage.WORKER)
                .setStatus(status).setChannel(Channel.EMAIL).setProvider("smtp-primary").setAttempt(1).build();
        producer.send(new ProducerRecord<>(topic, bytes(notificationId), topics.outcome().valueSerde().serializer().serialize(topic, outcome)));
    }

    void produceOptOut(String topic, String tenant, String recipientId, Channel channel, String category) {
        RecipientPreference preference = RecipientPreference.newBuilder().setTenantId(tenant).setRecipientId(recipientId)
                .setOptOuts(List.of(new OptOut(channel, category))).setUpdatedAt(Instant.now()).build();
        send(topic, tenant + "/" + recipientId, topics.preference().valueSerde().serializer().serialize(topic, preference));
    }

    void send(String topic, String key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, bytes(key), value));
        }
    }

    /** Every committed record of {@code topic} up to its current end. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            BoundedScan.scan(consumer, partitions, null, Duration.ofSeconds(10), all::add);
        }
        return all;
    }

    /** Committed records per key. */
    Map<String, Integer> countByKey(String topic) {
        Map<String, Integer> counts = new HashMap<>();
        for (var r : readAll(topic)) counts.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        return counts;
    }

    /** Committed records on {@code topic} (end offsets minus transaction markers cannot be trusted: count records). */
    int count(String topic) {
        return readAll(topic).size();
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
