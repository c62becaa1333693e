package io.herald.ingest.support;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.RecipientPreference;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TopicNames;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.ingest.IngestApp;
import io.herald.ingest.IngestConfig;
import io.herald.runtime.auth.ApiKeys;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Builds an {@link IngestApp} on the devkit's broker and registry with topics of its own, and reads them back. */
public final class Harness {
    public final KafkaCluster kafka;
    public final SchemaRegistryEndpoint registry;
    public final String requestTopic = TopicNames.unique("notify.request.v1");
    public final String criticalRequestTopic = TopicNames.unique("notify.request.critical.v1");
    public final String preferenceTopic = TopicNames.unique("notify.preference.v1");
    public final String preferenceEventTopic = TopicNames.unique("notify.preference-event.v1");
    private final Map<String, String> overrides = new HashMap<>();

    public Harness(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        kafka.createTopics(List.of(new NewTopic(requestTopic, 3, (short) 1), new NewTopic(criticalRequestTopic, 3, (short) 1),
                new NewTopic(preferenceTopic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(preferenceEventTopic, 3, (short) 1)));
    }

    public Harness with(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", registry.confluentApiUrl());
        env.put("HERALD_INGEST_HOST", "127.0.0.1");
        env.put("HERALD_INGEST_PORT", "0");
        env.put("HERALD_INGEST_API_KEYS", "acme:acme-main:" + ApiKeys.hashOf(InProcessApi.ACME_KEY)
                + ",globex:globex-main:" + ApiKeys.hashOf(InProcessApi.GLOBEX_KEY));
        env.put("HERALD_INGEST_REQUEST_TOPIC", requestTopic);
        env.put("HERALD_INGEST_CRITICAL_REQUEST_TOPIC", criticalRequestTopic);
        env.put("HERALD_INGEST_PREFERENCE_TOPIC", preferenceTopic);
        env.put("HERALD_INGEST_PREFERENCE_EVENT_TOPIC", preferenceEventTopic);
        env.put("HERALD_INGEST_MAX_BODY_BYTES", "65536");
        env.put("HERALD_INGEST_BATCH_MAX", "5");
        env.put("HERALD_INGEST_DELIVERY_TIMEOUT_MS", "3000");
        env.put("HERALD_INGEST_MAX_BLOCK_MS", "1000");
        env.putAll(overrides);
        return env;
    }

    public IngestApp start() {
        return new IngestApp(IngestConfig.fromEnv(env())).start();
    }

    public Topics topics() {
        return Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())));
    }

    /** Every accepted request, of both request topics (the request topic's first, then the critical one's). */
    public List<ConsumerRecord<String, NotificationRequest>> requests() {
        List<ConsumerRecord<String, NotificationRequest>> all = new ArrayList<>(readAll(requestTopic, topics().request().valueSerde().deserializer()));
        all.addAll(criticalRequests());
        return all;
    }

    /** The accepted requests of the critical lane: ingest writes them to their own topic. */
    public List<ConsumerRecord<String, NotificationRequest>> criticalRequests() {
        return readAll(criticalRequestTopic, topics().criticalRequest().valueSerde().deserializer());
    }

    public List<ConsumerRecord<String, RecipientPreference>> preferences() {
        return readAll(preferenceTopic, topics().preference().valueSerde().deserializer());
    }

    public List<ConsumerRecord<String, io.herald.contracts.PreferenceEvent>> preferenceEvents() {
        return readAll(preferenceEventTopic, topics().preferenceEvent().valueSerde().deserializer());
    }

    /** Everything on {@code topic} up to its current end. */
    public <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
