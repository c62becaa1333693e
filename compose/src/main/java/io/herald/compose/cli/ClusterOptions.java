package io.herald.compose.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster and the schema registry are, for commands that talk to a running Herald (control, topics).
 * Defaults fit the local stack ({@code herald up}). The one place that turns options into client settings
 * ({@link #connection()}), so reading the shared configuration file ({@code --config F}) is one more option here:
 * the file's {@code kafka.*} and {@code schema.registry.*} keys first, then these flags when given.
 */
public final class ClusterOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:HERALD_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:19092}",
            description = "Kafka bootstrap servers (default: $HERALD_KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}, the local stack).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            defaultValue = "${env:HERALD_SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}",
            description = "Confluent-compatible schema registry URL (default: $HERALD_SCHEMA_REGISTRY_URL or ${DEFAULT-VALUE}).")
    String registry;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Longest wait for Kafka or the registry, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The client settings these options describe. */
    public Connection connection() {
        if (timeoutSeconds <= 0) throw new IllegalArgumentException("--timeout must be a positive number of seconds");
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", bootstrap);
        return new Connection(kafka, registry, Duration.ofSeconds(timeoutSeconds));
    }

    /** Kafka client settings (at least {@code bootstrap.servers}), the registry URL and the wait bound. */
    public record Connection(Map<String, Object> kafka, String registryUrl, Duration timeout) {
        public Connection {
            kafka = Map.copyOf(kafka);
        }
    }
}
