package io.herald.devkit.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Kafka cluster that tests and the local stack can talk to, whoever runs it.
 *
 * <p>Tests depend on this interface rather than on {@link EmbeddedKafka} unless they need to stop
 * and restart the broker, so that a Testcontainers-backed implementation can be slotted in where a
 * Docker engine exists without touching the tests (see {@code DESIGN.md} in this package).
 */
public interface KafkaCluster {

    /** How long the convenience admin operations below wait for the cluster. */
    Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** The {@code bootstrap.servers} value clients use, e.g. {@code 127.0.0.1:41234}. */
    String bootstrapServers();

    /** Client settings every producer, consumer, admin or Streams app needs to reach this cluster. */
    default Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** Creates a topic with replication factor 1 and waits until the controller has accepted it. */
    default void createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    /** Creates the given topics and waits until the controller has accepted all of them. */
    default void createTopics(Collection<NewTopic> topics) {
        Map<String, Object> adminConfig = new HashMap<>(clientProperties());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topics, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + topics + " on " + bootstrapServers(), e);
        }
    }
}
