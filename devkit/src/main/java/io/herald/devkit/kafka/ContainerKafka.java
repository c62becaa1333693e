package io.herald.devkit.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft broker in a container (Testcontainers' {@code apache/kafka} module), for integration tests
 * where a Docker engine answers ({@link KafkaBackend}). The same Kafka version as {@link EmbeddedKafka} by default;
 * {@code HERALD_TEST_KAFKA_IMAGE} picks another image. Tests that stop and restart the broker use
 * {@link EmbeddedKafka}, which keeps its port and data across a restart.
 */
public final class ContainerKafka implements KafkaCluster, AutoCloseable {
    /** The image used unless {@code HERALD_TEST_KAFKA_IMAGE} names another. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

    private final KafkaContainer container;

    public ContainerKafka(String image) {
        // Internal topics sized for one node, no initial rebalance delay: as EmbeddedKafka's BrokerProperties.
        this.container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    /** The image {@code env} asks for, or {@link #DEFAULT_IMAGE}. */
    public static String image(java.util.Map<String, String> env) {
        String image = env.get("HERALD_TEST_KAFKA_IMAGE");
        return image == null || image.isBlank() ? DEFAULT_IMAGE : image;
    }

    /** Whether Testcontainers finds a Docker engine. */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    public ContainerKafka start() {
        container.start();
        return this;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "ContainerKafka[" + container.getDockerImageName() + "]";
    }
}
