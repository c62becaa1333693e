package io.herald.replay.engine;

import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How the replay tool reaches Kafka and the registry: the operator's client properties (bootstrap, security,
 * anything from {@code --command-config}) plus Herald's settings, with every blocking call bounded by {@code timeout}
 * so an unreachable broker fails fast instead of hanging a terminal.
 */
public record ReplayClients(Map<String, Object> kafka, SchemaRegistryClient registry, Topics topics, Duration timeout) {
    public ReplayClients {
        kafka = Map.copyOf(kafka);
        Objects.requireNonNull(kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG), "bootstrap.servers");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(topics, "topics");
    }

    /** Clients for {@code kafka} properties and {@code registry}, with a fresh topic catalogue. */
    public static ReplayClients of(Map<String, Object> kafka, SchemaRegistryClient registry, Duration timeout) {
        return new ReplayClients(kafka, registry, Topics.create(registry), timeout);
    }

    /** An admin client with bounded API timeouts. */
    public Admin admin() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        return Admin.create(props);
    }

    /**
     * Fails with {@link UnknownTopicException} when a topic is missing, or with Kafka's
     * {@link org.apache.kafka.common.errors.TimeoutException} when the cluster does not answer within the timeout.
     */
    public void requireTopics(Admin admin, String... names) {
        try {
            java.util.Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            for (String name : names) {
                if (!existing.contains(name)) throw new UnknownTopicException(name);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("no answer from " + kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " within " + timeout.toSeconds() + " s", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException t) {
                throw new org.apache.kafka.common.errors.TimeoutException("no answer from "
                        + kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " within " + timeout.toSeconds() + " s", t);
            }
            throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A read_committed byte consumer; {@code groupId} may be null for plain reads. */
    public KafkaConsumer<byte[], byte[]> consumer(String groupId) {
        Map<String, Object> props = new HashMap<>(kafka);
        if (groupId != null) props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A transactional byte producer; the id fences an earlier run of the same replay. */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // One request in flight: with several, the first batches of a transaction to a partition can reach the broker
        // out of order while the partition is being added (transactions v2) and are rejected and retried, which stalls
        // a paced replay; a replay never needs the extra throughput.
        props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
