package io.herald.replay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schemas.registry.RegistryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConnectionOptionsTest {
    @TempDir
    Path dir;

    private ConnectionOptions parse(String... args) {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void readsTheClusterAndRegistryFromTheServicesConfigurationFile() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "kafka.bootstrap.servers=broker-1:9093\nkafka.security.protocol=SASL_SSL\n"
                + "schema.registry.url=https://registry.example.com\nreplay.timeout=40s\n");
        ConnectionOptions options = parse("--config", file.toString());
        Map<String, Object> kafka = new HashMap<>();
        Map<String, Object> registry = new HashMap<>();

        options.settings(options.configuration(), kafka, registry);

        assertThat(kafka).containsEntry("bootstrap.servers", "broker-1:9093").containsEntry("security.protocol", "SASL_SSL");
        assertThat(registry).containsEntry(RegistryConfig.URL, "https://registry.example.com");
        assertThat(options.timeout(options.configuration())).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void explicitOptionsWinOverTheConfiguration() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "kafka.bootstrap.servers=broker-1:9093\n");
        ConnectionOptions options = parse("--config", file.toString(), "--bootstrap-server", "127.0.0.1:19092", "--timeout", "5s");
        Map<String, Object> kafka = new HashMap<>();

        options.settings(options.configuration(), kafka, new HashMap<>());

        assertThat(kafka).containsEntry("bootstrap.servers", "127.0.0.1:19092");
        assertThat(options.timeout(options.configuration())).isEqualTo(Duration.ofSeconds(5));
    }
}
