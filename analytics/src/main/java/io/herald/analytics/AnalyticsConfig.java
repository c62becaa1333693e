package io.herald.analytics;

import io.herald.runtime.auth.ApiKeys;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.Key;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration of the analytics service, read once through the shared configuration model ({@link AnalyticsKeys},
 * plus the shared Kafka and registry keys, the tenants' {@code ingest.api-keys} and {@code workers.group-prefix};
 * reference: {@code docs/configuration.md}). Every failure names its key and where the value came from.
 */
public record AnalyticsConfig(Path dbPath, Path exportDir, String host, int port, Map<String, Object> kafka,
                              RegistryConfig registry, String groupId, String outcomeTopic, String healthTopic,
                              String requestTopic, String criticalRequestTopic, int batchMax, Duration sqlTimeout, int sqlMaxRows,
                              Duration inFlightGrace, ApiKeys apiKeys, boolean dashboardOpen,
                              String workerGroupPrefix) {
    public AnalyticsConfig {
        kafka = Map.copyOf(kafka);
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException("missing required config kafka.bootstrap.servers");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException(AnalyticsKeys.HTTP_PORT + " must be 0-65535, was " + port);
        if (batchMax < 1) throw new IllegalArgumentException(AnalyticsKeys.BATCH_MAX + " must be >= 1, was " + batchMax);
        if (sqlMaxRows < 1) throw new IllegalArgumentException(AnalyticsKeys.SQL_MAX_ROWS + " must be >= 1, was " + sqlMaxRows);
    }

    /** The environment (or any map of environment names and dotted key names) without a file. */
    public static AnalyticsConfig fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(env, AnalyticsKeys.ALL));
    }

    /** The analytics settings of {@code c}, which must declare {@link AnalyticsKeys#ALL} (a superset will do). */
    public static AnalyticsConfig from(Config c) {
        Path db = c.get(AnalyticsKeys.DB_PATH);
        Path exports = c.optional(AnalyticsKeys.EXPORT_DIR).orElse(db.toAbsolutePath().getParent().resolve("exports"));
        return new AnalyticsConfig(db, exports,
                c.get(AnalyticsKeys.HTTP_HOST),
                c.get(AnalyticsKeys.HTTP_PORT),
                new TreeMap<>(c.kafka()),
                RegistryKeys.registryConfig(c),
                c.get(AnalyticsKeys.GROUP_ID),
                c.get(AnalyticsKeys.OUTCOME_TOPIC),
                c.get(AnalyticsKeys.HEALTH_TOPIC),
                c.get(AnalyticsKeys.REQUEST_TOPIC),
                c.get(AnalyticsKeys.CRITICAL_REQUEST_TOPIC),
                c.get(AnalyticsKeys.BATCH_MAX),
                c.get(AnalyticsKeys.SQL_TIMEOUT),
                c.get(AnalyticsKeys.SQL_MAX_ROWS),
                c.get(AnalyticsKeys.IN_FLIGHT_GRACE),
                apiKeys(c),
                c.get(AnalyticsKeys.DASHBOARD_OPEN),
                c.optional(AnalyticsKeys.LAG_GROUP_PREFIX).orElseGet(() -> c.get(AnalyticsKeys.WORKER_GROUP_PREFIX)));
    }

    private static ApiKeys apiKeys(Config c) {
        Key<String> tenant = AnalyticsKeys.TENANT_API_KEYS;
        Key<String> admin = AnalyticsKeys.ADMIN_KEYS;
        try {
            return ApiKeys.parse(described(tenant, c), c.optional(tenant).orElse(null), described(admin, c), c.optional(admin).orElse(null));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith(tenant.name()) ? tenant.name() : admin.name();
            throw new ConfigException(key, "bad value for " + e.getMessage(), e);
        }
    }

    /** {@code analytics.admin-keys (from environment variable HERALD_ANALYTICS_ADMIN_KEYS)}: what an error names. */
    private static String described(Key<?> key, Config c) {
        return key.name() + " (from " + c.origin(key) + ")";
    }

    @Override
    public String toString() {
        Map<String, Object> masked = new TreeMap<>();
        kafka.forEach((key, value) -> masked.put(key,
                key.contains("password") || key.contains("sasl.jaas") || key.contains("secret") ? "****" : value));
        return "AnalyticsConfig[db=" + dbPath + ", exportDir=" + exportDir + ", host=" + host + ", port=" + port
                + ", kafka=" + masked + ", registry=" + registry + ", groupId=" + groupId + ", topics=" + outcomeTopic
                + "," + healthTopic + "," + requestTopic + "," + criticalRequestTopic + ", batchMax=" + batchMax + ", sqlTimeout=" + sqlTimeout
                + ", sqlMaxRows=" + sqlMaxRows + ", inFlightGrace=" + inFlightGrace + ", apiKeys=" + apiKeys.size()
                + " key(s) for " + apiKeys.tenants() + ", dashboardOpen=" + dashboardOpen + ", lagGroupPrefix=" + workerGroupPrefix + "]";
    }
}
