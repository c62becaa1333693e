package io.herald.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaBackendTest {

    private static BooleanSupplier docker(boolean answers) {
        return () -> answers;
    }

    @ParameterizedTest(name = "HERALD_TEST_KAFKA={0}, Docker answers: {1} -> {2}")
    @CsvSource(nullValues = "unset", value = {
            "unset,          true,  TESTCONTAINERS",
            "unset,          false, EMBEDDED",
            "auto,           true,  TESTCONTAINERS",
            "auto,           false, EMBEDDED",
            "AUTO,           false, EMBEDDED",
            "'  ',           false, EMBEDDED",
            "embedded,       true,  EMBEDDED",
            "embedded,       false, EMBEDDED",
            "testcontainers, true,  TESTCONTAINERS",
            "Testcontainers, true,  TESTCONTAINERS",
    })
    void choosesTheBackendFromTheSettingAndWhetherDockerAnswers(String setting, boolean docker, KafkaBackend expected) {
        assertThat(KafkaBackend.choose(setting, docker(docker))).isEqualTo(expected);
    }

    @Test
    void embeddedNeverAsksForDocker() {
        assertThat(KafkaBackend.choose("embedded", () -> {
            throw new AssertionError("Docker probed");
        })).isEqualTo(KafkaBackend.EMBEDDED);
    }

    @Test
    void testcontainersWithoutDockerFailsNamingTheSetting() {
        assertThatThrownBy(() -> KafkaBackend.choose("testcontainers", docker(false)))
                .hasMessageContaining("HERALD_TEST_KAFKA=testcontainers").hasMessageContaining("no Docker engine");
    }

    @Test
    void anUnknownValueFailsNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> KafkaBackend.choose("docker", docker(true)))
                .hasMessageContaining("HERALD_TEST_KAFKA must be auto, embedded or testcontainers, was 'docker'");
    }

    @Test
    void dockerMayExistWithADockerHostASocketOrATestcontainersConfiguration(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        Path properties = dir.resolve(".testcontainers.properties");

        assertThat(KafkaBackend.mayHaveDocker(Map.of(), socket, properties)).isFalse();
        assertThat(KafkaBackend.mayHaveDocker(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), socket, properties)).isTrue();
        Files.createFile(socket);
        assertThat(KafkaBackend.mayHaveDocker(Map.of(), socket, properties)).isTrue();
        Files.delete(socket);
        Files.createFile(properties);
        assertThat(KafkaBackend.mayHaveDocker(Map.of(), socket, properties)).isTrue();
    }

    @Test
    void theContainerImageDefaultsToTheKafkaVersionHeraldIsBuiltWith() {
        assertThat(ContainerKafka.image(Map.of())).isEqualTo("apache/kafka:4.3.1");
        assertThat(ContainerKafka.image(Map.of("HERALD_TEST_KAFKA_IMAGE", "apache/kafka-native:4.3.1"))).isEqualTo("apache/kafka-native:4.3.1");
    }
}
