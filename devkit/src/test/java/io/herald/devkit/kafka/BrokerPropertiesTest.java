package io.herald.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    private static final Path DIR = Path.of("/tmp/herald-kafka-test");

    @Test
    void makesOneNodeBothBrokerAndSoleControllerVoterOnLoopback() {
        Map<String, Object> props = BrokerProperties.build(DIR, 19092, 19093, false, Map.of());

        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("log.dirs", DIR.toString())
                .containsEntry("metadata.log.dir", DIR.toString());
    }

    @Test
    void sizesInternalTopicsForOneNodeSoGroupsAndTransactionsDoNotStall() {
        KafkaConfig config = new KafkaConfig(BrokerProperties.build(DIR, 19092, 19093, false, Map.of()), false);

        assertThat(config.getShort("offsets.topic.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getShort("transaction.state.log.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getInt("transaction.state.log.min.isr")).isEqualTo(1);
        assertThat(config.getShort("share.coordinator.state.topic.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getShort("share.coordinator.state.topic.min.isr")).isEqualTo((short) 1);
        assertThat(config.getInt("group.initial.rebalance.delay.ms")).isZero();
        assertThat(config.getLong("log.cleaner.dedupe.buffer.size")).isLessThanOrEqualTo(8L * 1024 * 1024);
    }

    @Test
    void leavesTopicAutoCreationOffUnlessAskedFor() {
        assertThat(new KafkaConfig(BrokerProperties.build(DIR, 1, 2, false, Map.of()), false)
                .getBoolean("auto.create.topics.enable")).isFalse();
        assertThat(new KafkaConfig(BrokerProperties.build(DIR, 1, 2, true, Map.of()), false)
                .getBoolean("auto.create.topics.enable")).isTrue();
    }

    @Test
    void letsCallerOverridesWinOverTuningDefaults() {
        Map<String, Object> props = BrokerProperties.build(DIR, 1, 2, false,
                Map.of("group.initial.rebalance.delay.ms", 500, "log.retention.ms", 60_000L));

        assertThat(props)
                .containsEntry("group.initial.rebalance.delay.ms", 500)
                .containsEntry("log.retention.ms", 60_000L);
    }

    @Test
    void refusesOverridesOfNodeIdentityNamingTheKey() {
        assertThatThrownBy(() -> BrokerProperties.build(DIR, 1, 2, false, Map.of("listeners", "PLAINTEXT://:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    @Test
    void builderRejectsReservedKeysBeforeAnythingStarts() {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder().logDir(DIR).brokerProperty("node.id", 7);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node.id");
    }
}
