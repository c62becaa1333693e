package io.herald.compose;

import java.nio.file.Path;
import java.util.Map;

/**
 * Ports and settings of the one-JVM local stack. Every key can be set in the environment; port 0 picks
 * a free port (tests use that). Every other {@code HERALD_*} and {@code KAFKA_*} variable of the
 * environment reaches the services as it is (e.g. {@code HERALD_AUTO_REPLAY_WAVES}).
 *
 * @param kafkaPort     HERALD_KAFKA_PORT, default 19092
 * @param registryPort  HERALD_REGISTRY_PORT, default 8081
 * @param ingestPort    HERALD_INGEST_PORT, default 8080 (the HTTP API)
 * @param routerPort    HERALD_ROUTER_HTTP_PORT, default 8082 (status, health, metrics)
 * @param workersPort   HERALD_HTTP_PORT, default 8083 (workers' health and metrics)
 * @param smtpPort      HERALD_SMTP_PORT, default 2525 (local mail sink of provider smtp-primary)
 * @param smtpSecondaryPort HERALD_SMTP_SECONDARY_PORT, default 2526 (local mail sink of provider smtp-secondary)
 * @param twilioPort    HERALD_TWILIO_PORT, default 8089 (local SMS sink speaking Twilio's API)
 * @param partitions    HERALD_TOPIC_PARTITIONS, default 3
 * @param workDir       HERALD_WORK_DIR, default {@code target/herald-local} (broker data, state, logs)
 * @param apiKey        HERALD_LOCAL_API_KEY, default {@code herald-local-key}: the demo tenant's ingest key
 * @param sinksPort     HERALD_SINKS_PORT, default 8025 (the sink console: browse and script the local sinks)
 * @param analyticsPort HERALD_ANALYTICS_PORT, default 8084 (analytics API and the operators' dashboard)
 */
public record LocalStackConfig(int kafkaPort, int registryPort, int ingestPort, int routerPort, int workersPort,
                               int smtpPort, int smtpSecondaryPort, int twilioPort, int partitions, Path workDir,
                               String apiKey, int sinksPort, int analyticsPort) {
    /** Tenant the local stack's API key belongs to. */
    public static final String DEMO_TENANT = "demo";

    public LocalStackConfig {
        port("HERALD_KAFKA_PORT", kafkaPort);
        port("HERALD_REGISTRY_PORT", registryPort);
        port("HERALD_INGEST_PORT", ingestPort);
        port("HERALD_ROUTER_HTTP_PORT", routerPort);
        port("HERALD_HTTP_PORT", workersPort);
        port("HERALD_SMTP_PORT", smtpPort);
        port("HERALD_SMTP_SECONDARY_PORT", smtpSecondaryPort);
        port("HERALD_TWILIO_PORT", twilioPort);
        port("HERALD_SINKS_PORT", sinksPort);
        port("HERALD_ANALYTICS_PORT", analyticsPort);
        if (partitions < 1) throw new IllegalArgumentException("HERALD_TOPIC_PARTITIONS must be >= 1, was " + partitions);
        if (apiKey == null || apiKey.length() < 8) throw new IllegalArgumentException("HERALD_LOCAL_API_KEY must have 8+ characters");
    }

    /** Reads the config from environment variables, failing with the name of a bad key. */
    public static LocalStackConfig fromEnv(Map<String, String> env) {
        return new LocalStackConfig(
                intValue(env, "HERALD_KAFKA_PORT", 19092),
                intValue(env, "HERALD_REGISTRY_PORT", 8081),
                intValue(env, "HERALD_INGEST_PORT", 8080),
                intValue(env, "HERALD_ROUTER_HTTP_PORT", 8082),
                intValue(env, "HERALD_HTTP_PORT", 8083),
                intValue(env, "HERALD_SMTP_PORT", 2525),
                intValue(env, "HERALD_SMTP_SECONDARY_PORT", 2526),
                intValue(env, "HERALD_TWILIO_PORT", 8089),
                intValue(env, "HERALD_TOPIC_PARTITIONS", 3),
                Path.of(env.getOrDefault("HERALD_WORK_DIR", "target/herald-local")),
                env.getOrDefault("HERALD_LOCAL_API_KEY", "herald-local-key"),
                intValue(env, "HERALD_SINKS_PORT", 8025),
                intValue(env, "HERALD_ANALYTICS_PORT", 8084));
    }

    /** Every component on a free port, for tests. */
    public static LocalStackConfig ephemeral(Path workDir) {
        return new LocalStackConfig(0, 0, 0, 0, 0, 0, 0, 0, 2, workDir, "herald-local-key", 0, 0);
    }

    private static int intValue(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'", e);
        }
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException(key + " must be a port (0-65535), was " + port);
    }
}
