package io.herald.compose;

import io.herald.compose.config.ConfigurationReference;
import io.herald.compose.config.LocalKeys;
import io.herald.ingest.IngestKeys;
import io.herald.router.RouterKeys;
import io.herald.runtime.config.Config;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.topics.TopicKeys;
import io.herald.workers.WorkerKeys;
import java.nio.file.Path;

/**
 * Ports and settings of the one-JVM local stack, read from the one configuration model ({@link LocalKeys}; the
 * services' HTTP ports are their own keys, {@code ingest.http.port}, {@code router.http.port},
 * {@code workers.http.port}, with local defaults that do not collide). Port 0 picks a free port (tests use that).
 *
 * @param kafkaPort     {@code local.kafka.port}, default 19092
 * @param registryPort  {@code local.registry.port}, default 8081
 * @param ingestPort    {@code ingest.http.port}, default 8080 (the HTTP API)
 * @param routerPort    {@code router.http.port}, else {@code local.router.http.port}, default 8082
 * @param workersPort   {@code workers.http.port}, else {@code local.workers.http.port}, default 8083
 * @param smtpPort      {@code local.smtp-primary.port}, default 2525 (local mail sink of provider smtp-primary)
 * @param smtpSecondaryPort {@code local.smtp-secondary.port}, default 2526
 * @param twilioPort    {@code local.twilio.port}, default 8089 (local SMS sink speaking Twilio's API)
 * @param partitions    {@code topics.partitions}, default 3
 * @param workDir       {@code local.work-dir}, default {@code target/herald-local} (broker data, state, logs)
 * @param apiKey        {@code local.api-key}, default {@code herald-local-key}: the demo tenant's ingest key
 * @param sinksPort     {@code local.sinks.port}, default 8025 (the sink console)
 * @param analyticsPort {@code local.analytics.port}, default 8084 (analytics API and the operators' dashboard)
 */
public record LocalStackConfig(int kafkaPort, int registryPort, int ingestPort, int routerPort, int workersPort,
                               int smtpPort, int smtpSecondaryPort, int twilioPort, int partitions, Path workDir,
                               String apiKey, int sinksPort, int analyticsPort) {
    /** Tenant the local stack's API key belongs to. */
    public static final String DEMO_TENANT = "demo";

    public LocalStackConfig {
        for (int port : new int[]{kafkaPort, registryPort, ingestPort, routerPort, workersPort, smtpPort, smtpSecondaryPort, twilioPort,
                sinksPort, analyticsPort}) {
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("a local stack port must be 0-65535, was " + port);
        }
        if (partitions < 1) throw new IllegalArgumentException(TopicKeys.PARTITIONS + " must be >= 1, was " + partitions);
        if (apiKey == null || apiKey.length() < 8) throw new IllegalArgumentException(LocalKeys.API_KEY + " must have 8+ characters");
    }

    /** Reads the config from environment-style keys, failing with the name of a bad key. */
    public static LocalStackConfig fromEnv(java.util.Map<String, String> env) {
        return from(Config.fromEnv(ProviderKeys.withLegacySmsProvider(env), ConfigurationReference.ALL));
    }

    /** The local stack's settings from loaded keys. */
    public static LocalStackConfig from(Config c) {
        return new LocalStackConfig(
                c.get(LocalKeys.KAFKA_PORT),
                c.get(LocalKeys.REGISTRY_PORT),
                c.get(IngestKeys.HTTP_PORT),
                c.isSet(RouterKeys.HTTP_PORT) ? c.get(RouterKeys.HTTP_PORT) : c.get(LocalKeys.ROUTER_PORT),
                c.isSet(WorkerKeys.HTTP_PORT) ? c.get(WorkerKeys.HTTP_PORT) : c.get(LocalKeys.WORKERS_PORT),
                c.get(LocalKeys.SMTP_PORT),
                c.get(LocalKeys.SMTP_SECONDARY_PORT),
                c.get(LocalKeys.TWILIO_PORT),
                c.get(TopicKeys.PARTITIONS),
                c.get(LocalKeys.WORK_DIR),
                c.get(LocalKeys.API_KEY),
                c.get(LocalKeys.SINKS_PORT),
                c.get(LocalKeys.ANALYTICS_PORT));
    }

    /** Every component on a free port, for tests. */
    public static LocalStackConfig ephemeral(Path workDir) {
        return new LocalStackConfig(0, 0, 0, 0, 0, 0, 0, 0, 2, workDir, "herald-local-key", 0, 0);
    }
}
