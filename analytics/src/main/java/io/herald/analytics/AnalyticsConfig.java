package io.herald.analytics;

import io.herald.runtime.auth.ApiKeys;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration of the analytics service, read once from environment-style keys; every failure names its key.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>HERALD_ANALYTICS_DB_PATH</td><td>data/analytics/herald.duckdb</td><td>the DuckDB file</td></tr>
 * <tr><td>HERALD_ANALYTICS_EXPORT_DIR</td><td>exports beside the DB file</td><td>the only directory SQL may write (Parquet exports)</td></tr>
 * <tr><td>HERALD_ANALYTICS_HOST / _PORT</td><td>0.0.0.0 / 8084</td><td>HTTP API and dashboard</td></tr>
 * <tr><td>KAFKA_BOOTSTRAP_SERVERS (or HERALD_KAFKA_BOOTSTRAP_SERVERS)</td><td>required</td><td>other KAFKA_* pass through</td></tr>
 * <tr><td>HERALD_SCHEMA_REGISTRY_URL</td><td>required</td><td>Confluent-compatible registry</td></tr>
 * <tr><td>HERALD_ANALYTICS_GROUP_ID</td><td>herald-analytics</td><td>the sink's consumer group</td></tr>
 * <tr><td>HERALD_ANALYTICS_OUTCOME_TOPIC / _HEALTH_TOPIC / _REQUEST_TOPIC</td><td>notify.outcome.v1 / notify.provider-health.v1 / notify.request.v1</td><td></td></tr>
 * <tr><td>HERALD_ANALYTICS_BATCH_MAX</td><td>5000</td><td>records per poll and per DuckDB transaction (bounds memory)</td></tr>
 * <tr><td>HERALD_ANALYTICS_SQL_TIMEOUT</td><td>10s</td><td>statement time limit of ad-hoc SQL and reports</td></tr>
 * <tr><td>HERALD_ANALYTICS_SQL_MAX_ROWS</td><td>10000</td><td>rows returned by ad-hoc SQL (more: truncated)</td></tr>
 * <tr><td>HERALD_ANALYTICS_IN_FLIGHT_GRACE</td><td>15m</td><td>reconciliation: younger notifications without a terminal state are in flight, not missing</td></tr>
 * <tr><td>HERALD_INGEST_API_KEYS</td><td>none</td><td>tenant keys, tenant:keyId:sha256hex (the ingest keys): tenant-scoped reports</td></tr>
 * <tr><td>HERALD_ANALYTICS_ADMIN_KEYS</td><td>none</td><td>admin keys, keyId:sha256hex: every tenant, SQL, export, dashboard</td></tr>
 * <tr><td>HERALD_ANALYTICS_DASHBOARD_OPEN</td><td>false</td><td>true: the dashboard's aggregate data needs no key (local stack)</td></tr>
 * <tr><td>HERALD_ANALYTICS_LAG_GROUP_PREFIX</td><td>HERALD_WORKER_GROUP_PREFIX, else herald-workers</td><td>worker groups whose dispatch lag the dashboard shows</td></tr>
 * </table>
 */
public record AnalyticsConfig(Path dbPath, Path exportDir, String host, int port, Map<String, Object> kafka,
                              RegistryConfig registry, String groupId, String outcomeTopic, String healthTopic,
                              String requestTopic, int batchMax, Duration sqlTimeout, int sqlMaxRows,
                              Duration inFlightGrace, ApiKeys apiKeys, boolean dashboardOpen,
                              String workerGroupPrefix) {
    public static final String PREFIX = "HERALD_ANALYTICS_";

    public AnalyticsConfig {
        kafka = Map.copyOf(kafka);
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException("missing required config KAFKA_BOOTSTRAP_SERVERS");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException(PREFIX + "PORT must be 0-65535, was " + port);
        if (batchMax < 1) throw new IllegalArgumentException(PREFIX + "BATCH_MAX must be >= 1, was " + batchMax);
        if (sqlMaxRows < 1) throw new IllegalArgumentException(PREFIX + "SQL_MAX_ROWS must be >= 1, was " + sqlMaxRows);
    }

    public static AnalyticsConfig fromEnv(Map<String, String> env) {
        Keys k = new Keys(env);
        String registryUrl = k.first("HERALD_SCHEMA_REGISTRY_URL", "SCHEMA_REGISTRY_URL");
        if (registryUrl == null) throw new IllegalArgumentException("missing required config HERALD_SCHEMA_REGISTRY_URL");
        Map<String, Object> registryProps = new LinkedHashMap<>();
        registryProps.put(RegistryConfig.URL, registryUrl);
        String userInfo = k.first("HERALD_SCHEMA_REGISTRY_USER_INFO");
        if (userInfo != null) registryProps.put(RegistryConfig.USER_INFO, userInfo);
        Path db = Path.of(k.string("DB_PATH", "data/analytics/herald.duckdb"));
        Path parent = db.toAbsolutePath().getParent();
        return new AnalyticsConfig(db,
                Path.of(k.string("EXPORT_DIR", parent.resolve("exports").toString())),
                k.string("HOST", "0.0.0.0"),
                k.integer("PORT", 8084),
                kafka(env),
                RegistryConfig.from(registryProps),
                k.string("GROUP_ID", "herald-analytics"),
                k.string("OUTCOME_TOPIC", TopicNames.OUTCOME),
                k.string("HEALTH_TOPIC", TopicNames.PROVIDER_HEALTH),
                k.string("REQUEST_TOPIC", TopicNames.REQUEST),
                k.integer("BATCH_MAX", 5000),
                k.duration("SQL_TIMEOUT", Duration.ofSeconds(10)),
                k.integer("SQL_MAX_ROWS", 10_000),
                k.duration("IN_FLIGHT_GRACE", Duration.ofMinutes(15)),
                ApiKeys.parse("HERALD_INGEST_API_KEYS", env.get("HERALD_INGEST_API_KEYS"),
                        PREFIX + "ADMIN_KEYS", env.get(PREFIX + "ADMIN_KEYS")),
                k.bool("DASHBOARD_OPEN", false),
                k.string("LAG_GROUP_PREFIX", env.getOrDefault("HERALD_WORKER_GROUP_PREFIX", "herald-workers")));
    }

    /** {@code KAFKA_FOO_BAR} → {@code foo.bar}; {@code HERALD_KAFKA_BOOTSTRAP_SERVERS} is a fallback for the bootstrap. */
    static Map<String, Object> kafka(Map<String, String> env) {
        Map<String, Object> props = new TreeMap<>();
        String herald = env.get("HERALD_KAFKA_BOOTSTRAP_SERVERS");
        if (herald != null && !herald.isBlank()) props.put("bootstrap.servers", herald.trim());
        env.forEach((key, value) -> {
            if (key.startsWith("KAFKA_")) props.put(key.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), value);
        });
        return props;
    }

    @Override
    public String toString() {
        Map<String, Object> masked = new TreeMap<>();
        kafka.forEach((key, value) -> masked.put(key,
                key.contains("password") || key.contains("sasl.jaas") || key.contains("secret") ? "****" : value));
        return "AnalyticsConfig[db=" + dbPath + ", exportDir=" + exportDir + ", host=" + host + ", port=" + port
                + ", kafka=" + masked + ", registry=" + registry + ", groupId=" + groupId + ", topics=" + outcomeTopic
                + "," + healthTopic + "," + requestTopic + ", batchMax=" + batchMax + ", sqlTimeout=" + sqlTimeout
                + ", sqlMaxRows=" + sqlMaxRows + ", inFlightGrace=" + inFlightGrace + ", apiKeys=" + apiKeys.size()
                + " key(s) for " + apiKeys.tenants() + ", dashboardOpen=" + dashboardOpen + ", lagGroupPrefix=" + workerGroupPrefix + "]";
    }

    private record Keys(Map<String, String> env) {
        String string(String name, String fallback) {
            String v = env.get(PREFIX + name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        String first(String... names) {
            for (String name : names) {
                String v = env.get(name);
                if (v != null && !v.isBlank()) return v.trim();
            }
            return null;
        }

        int integer(String name, int fallback) {
            String v = string(name, null);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + name + " must be an integer, was '" + v + "'", e);
            }
        }

        boolean bool(String name, boolean fallback) {
            String v = string(name, null);
            if (v == null) return fallback;
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException(PREFIX + name + " must be true or false, was '" + v + "'");
        }

        /** {@code 500ms}, {@code 10s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT15M}). */
        Duration duration(String name, Duration fallback) {
            String raw = string(name, null);
            if (raw == null) return fallback;
            String v = raw.toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) return Duration.parse(raw.toUpperCase(Locale.ROOT));
                if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                switch (v.charAt(v.length() - 1)) {
                    case 's': return Duration.ofSeconds(n);
                    case 'm': return Duration.ofMinutes(n);
                    case 'h': return Duration.ofHours(n);
                    case 'd': return Duration.ofDays(n);
                    default: break;
                }
            } catch (RuntimeException e) {
                // fall through to the message naming the key
            }
            throw new IllegalArgumentException(PREFIX + name + " must be a duration such as 10s, 15m or PT15M, was '" + raw + "'");
        }
    }
}
