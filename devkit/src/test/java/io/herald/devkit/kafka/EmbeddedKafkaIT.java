package io.herald.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle tests on private brokers: stopping the JVM-wide shared broker here would disturb
 * other test classes.
 */
class EmbeddedKafkaIT {

    @TempDir
    Path tmp;

    @Test
    void startsABrokerWhereTopicsCanBeCreatedButAreNotAutoCreated() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            String topic = TopicNames.unique("created");
            kafka.createTopic(topic, 3);

            try (Admin admin = Admin.create(kafka.clientProperties())) {
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(topic).partitions()).hasSize(3);
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
                Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
                assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
            }
        }
    }

    @Test
    void stopThenStartKeepsAddressClusterIdAndData() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            String topic = TopicNames.unique("survives-restart");
            kafka.createTopic(topic, 1);
            TestClients.sendAndWait(kafka, topic, "k", "before the outage");
            String address = kafka.bootstrapServers();
            String clusterId = kafka.clusterId();

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            assertThatThrownBy(() -> connect(address)).isInstanceOf(ConnectException.class);

            kafka.start();
            TestClients.sendAndWait(kafka, topic, "k", "after the outage");

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(TestClients.readFromStart(kafka, topic, "read_uncommitted", 2))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before the outage", "after the outage");
        }
    }

    @Test
    void aNewInstanceOnAnExistingLogDirReusesItsClusterIdAndData() throws Exception {
        Path dir = tmp.resolve("kafka");
        String topic = TopicNames.unique("persistent");
        String clusterId;
        try (EmbeddedKafka first = EmbeddedKafka.builder().logDir(dir).build().start()) {
            first.createTopic(topic, 1);
            TestClients.sendAndWait(first, topic, "k", "kept");
            clusterId = first.clusterId();
        }

        try (EmbeddedKafka second = EmbeddedKafka.builder().logDir(dir).build().start()) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(TestClients.readFromStart(second, topic, "read_uncommitted", 1))
                    .extracting(ConsumerRecord::value).containsExactly("kept");
        }
    }

    @Test
    void closeDeletesOnlyALogDirItCreated() {
        Path own;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
            own = kafka.logDir();
        }
        Path given = tmp.resolve("given");
        EmbeddedKafka.builder().logDir(given).build().start().close();

        assertThat(own).doesNotExist();
        assertThat(given.resolve("meta.properties")).exists();
    }

    private static void connect(String address) throws Exception {
        String[] hostPort = address.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
        }
    }
}
