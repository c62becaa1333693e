package io.herald.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.runtime.auth.ApiKeys;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalyticsConfigTest {
    @TempDir
    Path dir;

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("HERALD_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081");
        return env;
    }

    @Test
    void withoutAnyAnalyticsKeyTheDocumentedDefaultsApply() {
        AnalyticsConfig c = AnalyticsConfig.fromEnv(minimal());
        assertThat(c.dbPath()).isEqualTo(Path.of("data/analytics/herald.duckdb"));
        assertThat(c.exportDir()).isEqualTo(Path.of("data/analytics/exports").toAbsolutePath());
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8084);
        assertThat(c.groupId()).isEqualTo("herald-analytics");
        assertThat(c.outcomeTopic()).isEqualTo("notify.outcome.v1");
        assertThat(c.healthTopic()).isEqualTo("notify.provider-health.v1");
        assertThat(c.requestTopic()).isEqualTo("notify.request.v1");
        assertThat(c.criticalRequestTopic()).isEqualTo("notify.request.critical.v1");
        assertThat(c.batchMax()).isEqualTo(5000);
        assertThat(c.sqlTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.sqlMaxRows()).isEqualTo(10_000);
        assertThat(c.inFlightGrace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.dashboardOpen()).isFalse();
        assertThat(c.workerGroupPrefix()).isEqualTo("herald-workers");
        assertThat(c.apiKeys().size()).isZero();
    }

    @Test
    void theFileGivesTheKeysAndTheEnvironmentOverridesIt() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, """
                kafka.bootstrap.servers=broker-1:9092
                schema.registry.url=http://registry:8081
                analytics.db-path=/var/lib/herald/analytics.duckdb
                analytics.http.port=9094
                analytics.sql.timeout=2m
                analytics.in-flight-grace=30s
                analytics.batch-max=200
                analytics.dashboard-open=true
                workers.group-prefix=acme-workers
                """);
        Config config = Config.fromArgs(new String[] {"--config", file.toString()}, Map.of("HERALD_ANALYTICS_BATCH_MAX", "300"),
                AnalyticsKeys.ALL);

        AnalyticsConfig c = AnalyticsConfig.from(config);

        assertThat(c.kafka()).containsEntry("bootstrap.servers", "broker-1:9092");
        assertThat(c.registry().url()).hasToString("http://registry:8081");
        assertThat(c.dbPath()).isEqualTo(Path.of("/var/lib/herald/analytics.duckdb"));
        assertThat(c.exportDir()).isEqualTo(Path.of("/var/lib/herald/exports"));
        assertThat(c.port()).isEqualTo(9094);
        assertThat(c.sqlTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.inFlightGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.batchMax()).isEqualTo(300);
        assertThat(config.origin(AnalyticsKeys.BATCH_MAX)).isEqualTo("environment variable HERALD_ANALYTICS_BATCH_MAX");
        assertThat(c.dashboardOpen()).isTrue();
        assertThat(c.workerGroupPrefix()).as("the workers' prefix, when analytics.lag-group-prefix is not set").isEqualTo("acme-workers");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void tenantKeysAreTheIngestKeysAndAdminKeysAreTheServicesOwnAndNeitherIsShown() {
        Map<String, String> env = minimal();
        env.put("HERALD_INGEST_API_KEYS", "acme:k1:" + ApiKeys.hashOf("s1"));
        env.put("HERALD_ANALYTICS_ADMIN_KEYS", "ops:" + ApiKeys.hashOf("s2"));
        env.put("HERALD_ANALYTICS_SQL_TIMEOUT", "500ms");
        Config config = Config.fromEnv(env, AnalyticsKeys.ALL);
        AnalyticsConfig c = AnalyticsConfig.from(config);
        assertThat(c.apiKeys().authenticate("s1")).hasValueSatisfying(k -> assertThat(k.admin()).isFalse());
        assertThat(c.apiKeys().authenticate("s2")).hasValueSatisfying(k -> assertThat(k.admin()).isTrue());
        assertThat(c.sqlTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.toString()).doesNotContain(ApiKeys.hashOf("s1")).doesNotContain(ApiKeys.hashOf("s2"));
        assertThat(String.join("\n", config.describe())).doesNotContain(ApiKeys.hashOf("s1")).doesNotContain(ApiKeys.hashOf("s2"));
    }

    @Test
    void theOldEnvironmentNamesStillWorkEachWithAWarningNamingTheNewKey() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "old-broker:9092");
        env.put("HERALD_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081");
        env.put("HERALD_ANALYTICS_HOST", "127.0.0.1");
        env.put("HERALD_ANALYTICS_PORT", "0");
        env.put("HERALD_WORKER_GROUP_PREFIX", "old-workers");
        Config config = Config.fromEnv(env, AnalyticsKeys.ALL);

        AnalyticsConfig c = AnalyticsConfig.from(config);

        assertThat(c.kafka()).containsEntry("bootstrap.servers", "old-broker:9092");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isZero();
        assertThat(c.workerGroupPrefix()).isEqualTo("old-workers");
        assertThat(config.warnings())
                .anySatisfy(w -> assertThat(w).contains("HERALD_ANALYTICS_HOST").contains("analytics.http.host (HERALD_ANALYTICS_HTTP_HOST)"))
                .anySatisfy(w -> assertThat(w).contains("HERALD_ANALYTICS_PORT").contains("analytics.http.port (HERALD_ANALYTICS_HTTP_PORT)"))
                .anySatisfy(w -> assertThat(w).contains("KAFKA_BOOTSTRAP_SERVERS").contains("kafka.bootstrap.servers"));
    }

    @Test
    void anExplicitLagGroupPrefixWinsOverTheWorkersPrefix() {
        Map<String, String> env = minimal();
        env.put("HERALD_WORKERS_GROUP_PREFIX", "acme-workers");
        env.put("HERALD_ANALYTICS_LAG_GROUP_PREFIX", "other-workers");
        assertThat(AnalyticsConfig.fromEnv(env).workerGroupPrefix()).isEqualTo("other-workers");
    }

    @ParameterizedTest(name = "{0}={1} fails naming the key")
    @CsvSource({
            "HERALD_ANALYTICS_BATCH_MAX, many, analytics.batch-max",
            "HERALD_ANALYTICS_BATCH_MAX, 0, analytics.batch-max",
            "HERALD_ANALYTICS_HTTP_PORT, 70000, analytics.http.port",
            "HERALD_ANALYTICS_SQL_TIMEOUT, soon, analytics.sql.timeout",
            "HERALD_ANALYTICS_SQL_TIMEOUT, 0, analytics.sql.timeout",
            "HERALD_ANALYTICS_SQL_MAX_ROWS, -1, analytics.sql.max-rows",
            "HERALD_ANALYTICS_IN_FLIGHT_GRACE, 15 minutes, analytics.in-flight-grace",
            "HERALD_ANALYTICS_DASHBOARD_OPEN, yes, analytics.dashboard-open",
            "HERALD_ANALYTICS_ADMIN_KEYS, not-a-key, analytics.admin-keys",
            "HERALD_INGEST_API_KEYS, acme-without-hash, ingest.api-keys",
    })
    void aBadValueFailsNamingItsKeyAndWhereItCameFrom(String env, String value, String key) {
        Map<String, String> map = minimal();
        map.put(env, value);
        assertThatThrownBy(() -> AnalyticsConfig.fromEnv(map)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining("environment variable " + env);
    }

    @Test
    void anUnknownKeyUnderAnalyticsInTheFileIsWarnedAbout() throws IOException {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "analytics.batch-size=10\n");
        Config config = new ConfigLoader(AnalyticsKeys.ALL).file(file).env(minimal()).load();
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("unknown configuration key analytics.batch-size"));
    }
}
