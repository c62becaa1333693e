package io.herald.replay.cli;

import io.herald.replay.engine.ReplayClients;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryKeys;
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

/**
 * Connection options shared by every subcommand. The cluster and registry come from Herald's configuration
 * ({@code --config FILE} or {@code $HERALD_CONFIG}, overridden by the environment: the same keys every service
 * reads); the options below override it, like Kafka's own tools.
 */
public final class ConnectionOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Herald configuration file (default: $HERALD_CONFIG): kafka.* and schema.registry.* are read from it.")
    Path config;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: kafka.bootstrap.servers from the configuration, else localhost:9092).")
    String bootstrapServer;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry URL (default: schema.registry.url from the configuration).")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE",
            defaultValue = "${env:HERALD_REPLAY_COMMAND_CONFIG}",
            description = "Kafka client properties file (security, SASL, ...); may also hold schema.registry.url and basic.auth.user.info.")
    Path commandConfig;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Longest wait for the cluster or a stalled read, e.g. 15s, 1m (default: replay.timeout, 15s).")
    String timeout;

    /** The configuration these options name, with the environment's overrides. */
    Config configuration() {
        Map<String, String> env = System.getenv();
        Path file = config != null ? config : ConfigLoader.configFile(new String[0], env);
        return new ConfigLoader(ReplayKeys.ALL).file(file).env(env).load();
    }

    /** The clients these options describe. */
    ReplayClients clients() {
        Config c = configuration();
        Map<String, Object> kafka = new HashMap<>();
        Map<String, Object> registry = new HashMap<>();
        settings(c, kafka, registry);
        Duration wait = timeout(c);
        registry.putIfAbsent(RegistryConfig.TIMEOUT_MS, Long.toString(Math.min(wait.toMillis(), Integer.MAX_VALUE)));
        registry.putIfAbsent(RegistryConfig.MAX_RETRIES, "1");
        return ReplayClients.of(kafka, SchemaRegistryClients.forConfig(RegistryConfig.from(registry)), wait);
    }

    Duration timeout(Config c) {
        return timeout != null ? io.herald.replay.pace.PaceParser.duration("--timeout " + timeout, timeout) : c.get(ReplayKeys.TIMEOUT);
    }

    /** Kafka and registry settings: the configuration, then --command-config, then the explicit options. */
    void settings(Config c, Map<String, Object> kafka, Map<String, Object> registry) {
        kafka.putAll(c.kafka());
        registry.put(RegistryConfig.URL, c.get(RegistryKeys.URL));
        c.optional(RegistryKeys.USER_INFO).ifPresent(u -> registry.put(RegistryConfig.USER_INFO, u));
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
        if (bootstrapServer != null) kafka.put("bootstrap.servers", bootstrapServer);
        if (registryUrl != null) registry.put(RegistryConfig.URL, registryUrl);
    }
}
