package io.herald.analytics.it;

import io.herald.analytics.AnalyticsApp;
import io.herald.analytics.AnalyticsConfig;
import io.herald.analytics.Scenario;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.runtime.auth.ApiKeys;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Unique topics on the shared broker, a producer of the scenario's records, and the app's environment. */
final class AnalyticsFixture {
    static final String TENANT_KEY = "acme-analytics-key";
    static final String OTHER_TENANT_KEY = "globex-analytics-key";
    static final String ADMIN_KEY = "ops-admin-key";

    final KafkaCluster kafka;
    final SchemaRegistryEndpoint registry;
    final Topics topics;
    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String outcomeTopic = "outcome-" + id;
    final String healthTopic = "health-" + id;
    final String requestTopic = "request-" + id;
    /** Critical requests, written to their own topic as ingest writes them (TopicNames.request(lane)). */
    final String criticalRequestTopic = "request-critical-" + id;

    AnalyticsFixture(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        this.topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())));
        kafka.createTopic(outcomeTopic, 3);
        kafka.createTopic(healthTopic, 1);
        kafka.createTopic(requestTopic, 3);
        kafka.createTopic(criticalRequestTopic, 3);
    }

    Map<String, String> env(Path db, String groupId) {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("HERALD_SCHEMA_REGISTRY_URL", registry.confluentApiUrl());
        env.put("HERALD_ANALYTICS_DB_PATH", db.toString());
        env.put("HERALD_ANALYTICS_HTTP_HOST", "127.0.0.1");
        env.put("HERALD_ANALYTICS_HTTP_PORT", "0");
        env.put("HERALD_ANALYTICS_GROUP_ID", groupId);
        env.put("HERALD_ANALYTICS_OUTCOME_TOPIC", outcomeTopic);
        env.put("HERALD_ANALYTICS_HEALTH_TOPIC", healthTopic);
        env.put("HERALD_ANALYTICS_REQUEST_TOPIC", requestTopic);
        env.put("HERALD_ANALYTICS_CRITICAL_REQUEST_TOPIC", criticalRequestTopic);
        env.put("HERALD_ANALYTICS_BATCH_MAX", "50"); // several batches even for the small scenario
        env.put("HERALD_INGEST_API_KEYS", "acme:k1:" + ApiKeys.hashOf(TENANT_KEY) + ",globex:k2:" + ApiKeys.hashOf(OTHER_TENANT_KEY));
        env.put("HERALD_ANALYTICS_ADMIN_KEYS", "ops:" + ApiKeys.hashOf(ADMIN_KEY));
        return env;
    }

    AnalyticsApp app(Path db, String groupId, Clock clock) {
        return new AnalyticsApp(AnalyticsConfig.fromEnv(env(db, groupId)), clock).start();
    }

    void produce(Scenario s) {
        produce(s.requests, s.outcomes, s.health);
    }

    void produce(List<Scenario.Accepted> requests, List<DeliveryOutcome> outcomes, List<ProviderHealth> health) {
        var requestSerializer = topics.request().valueSerde().serializer();
        var outcomeSerializer = topics.outcome().valueSerde().serializer();
        var healthSerializer = topics.providerHealth().valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Scenario.Accepted a : requests) {
                String key = a.request().getTenantId() + "/" + a.request().getIdempotencyKey();
                // The record timestamp is when ingest accepted it: the funnel's and reconciliation's start.
                String topic = a.request().getPriority() == io.herald.contracts.Priority.CRITICAL ? criticalRequestTopic : requestTopic;
                producer.send(new ProducerRecord<>(topic, null, a.at().toEpochMilli(), bytes(key),
                        requestSerializer.serialize(topic, a.request())));
            }
            for (DeliveryOutcome o : outcomes) {
                producer.send(new ProducerRecord<>(outcomeTopic, bytes(o.getNotificationId()),
                        outcomeSerializer.serialize(outcomeTopic, o)));
            }
            for (ProviderHealth h : health) {
                producer.send(new ProducerRecord<>(healthTopic, bytes(h.getProviderId()), healthSerializer.serialize(healthTopic, h)));
            }
            producer.flush();
        }
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
}
