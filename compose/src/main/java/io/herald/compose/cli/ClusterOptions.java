package io.herald.compose.cli;

import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.registry.RegistryKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster and the schema registry are, for commands that talk to a running Herald ({@code control}).
 * They read the configuration every service reads ({@code --config F} or {@code $HERALD_CONFIG}, overridden by the
 * environment): all of {@code kafka.*} (security included) and {@code schema.registry.*}; {@code --bootstrap} and
 * {@code --registry} override it. With nothing configured they find the local stack ({@code herald up}).
 */
public final class ClusterOptions {
    static final List<KeyCatalogue> KEYS = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE);
    static final String LOCAL_BOOTSTRAP = "127.0.0.1:19092";
    static final String LOCAL_REGISTRY = "http://127.0.0.1:8081/apis/ccompat/v7";
    /** What {@code herald up} listens on by default: the defaults below the file and the environment. */
    private static final Map<String, String> LOCAL_STACK = Map.of(
            KafkaKeys.BOOTSTRAP_SERVERS.name(), LOCAL_BOOTSTRAP, RegistryKeys.URL.name(), LOCAL_REGISTRY);

    @Mixin
    ConfigOption config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: kafka.bootstrap.servers of the configuration, else " + LOCAL_BOOTSTRAP
                    + ", the local stack).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Confluent-compatible schema registry URL (default: schema.registry.url of the configuration, else "
                    + LOCAL_REGISTRY + ").")
    String registry;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Longest wait for Kafka or the registry, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The client settings the configuration and these options describe. */
    public Connection connection() {
        return connection(Herald.environment());
    }

    /** The same, with {@code env} as the environment. */
    Connection connection(Map<String, String> env) {
        if (timeoutSeconds <= 0) throw new ConfigException("--timeout", "--timeout must be a positive number of seconds");
        Config c = config.load(KEYS, env, LOCAL_STACK);
        Map<String, Object> kafka = new HashMap<>(c.kafka());
        if (bootstrap != null) kafka.put("bootstrap.servers", bootstrap);
        return new Connection(kafka, registry != null ? registry : c.get(RegistryKeys.URL), c.optional(RegistryKeys.USER_INFO),
                Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * Kafka client settings (at least {@code bootstrap.servers}), the registry URL and its basic-auth
     * {@code user:password} if any, and the wait bound.
     */
    public record Connection(Map<String, Object> kafka, String registryUrl, Optional<String> registryUserInfo, Duration timeout) {
        public Connection {
            kafka = Map.copyOf(kafka);
        }

        @Override
        public String toString() {
            // Kafka settings may hold credentials (sasl.jaas.config): never printed.
            return "Connection[bootstrap.servers=" + kafka.get("bootstrap.servers") + ", registry=" + registryUrl + "]";
        }
    }
}
