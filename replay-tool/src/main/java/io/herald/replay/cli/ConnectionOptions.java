package io.herald.replay.cli;

import io.herald.replay.engine.ReplayClients;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Connection options shared by every subcommand, like Kafka's own tools. */
public final class ConnectionOptions {
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            defaultValue = "${env:HERALD_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: $HERALD_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String bootstrapServer;

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "${env:HERALD_REGISTRY_URL:-http://localhost:8081/apis/ccompat/v7}",
            description = "Confluent-compatible schema registry URL (default: $HERALD_REGISTRY_URL or ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE",
            defaultValue = "${env:HERALD_REPLAY_COMMAND_CONFIG}",
            description = "Kafka client properties file (security, SASL, ...); may also hold schema.registry.url and basic.auth.user.info.")
    Path commandConfig;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s",
            description = "Longest wait for the cluster or a stalled read, e.g. 15s, 1m (default: ${DEFAULT-VALUE}).")
    String timeout;

    /** The clients these options describe. */
    ReplayClients clients() {
        Map<String, Object> kafka = new HashMap<>();
        Map<String, Object> registry = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(commandConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
            }
            file.forEach((k, v) -> {
                String key = k.toString();
                if (key.equals(RegistryConfig.URL) || key.equals(RegistryConfig.USER_INFO) || key.startsWith("herald.registry.")) {
                    registry.put(key, v.toString());
                } else {
                    kafka.put(key, v.toString());
                }
            });
        }
        kafka.put("bootstrap.servers", bootstrapServer);
        registry.putIfAbsent(RegistryConfig.URL, registryUrl);
        Duration wait = io.herald.replay.pace.PaceParser.duration("--timeout " + timeout, timeout);
        registry.putIfAbsent(RegistryConfig.TIMEOUT_MS, Long.toString(Math.min(wait.toMillis(), Integer.MAX_VALUE)));
        registry.putIfAbsent(RegistryConfig.MAX_RETRIES, "1");
        return ReplayClients.of(kafka, SchemaRegistryClients.forConfig(RegistryConfig.from(registry)), wait);
    }
}
