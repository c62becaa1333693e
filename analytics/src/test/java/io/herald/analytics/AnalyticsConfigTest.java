package io.herald.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.runtime.auth.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("HERALD_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081");
        return env;
    }

    @Test
    void defaultsAreDocumented() {
        AnalyticsConfig c = AnalyticsConfig.fromEnv(minimal());
        assertThat(c.dbPath()).isEqualTo(Path.of("data/analytics/herald.duckdb"));
        assertThat(c.port()).isEqualTo(8084);
        assertThat(c.groupId()).isEqualTo("herald-analytics");
        assertThat(c.outcomeTopic()).isEqualTo("notify.outcome.v1");
        assertThat(c.healthTopic()).isEqualTo("notify.provider-health.v1");
        assertThat(c.requestTopic()).isEqualTo("notify.request.v1");
        assertThat(c.batchMax()).isEqualTo(5000);
        assertThat(c.sqlTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.sqlMaxRows()).isEqualTo(10_000);
        assertThat(c.inFlightGrace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.dashboardOpen()).isFalse();
    }

    @Test
    void readsKeysAndOverrides() {
        Map<String, String> env = minimal();
        env.put("HERALD_INGEST_API_KEYS", "acme:k1:" + ApiKeys.hashOf("s1"));
        env.put("HERALD_ANALYTICS_ADMIN_KEYS", "ops:" + ApiKeys.hashOf("s2"));
        env.put("HERALD_ANALYTICS_SQL_TIMEOUT", "500ms");
        env.put("HERALD_ANALYTICS_PORT", "0");
        AnalyticsConfig c = AnalyticsConfig.fromEnv(env);
        assertThat(c.apiKeys().authenticate("s2")).hasValueSatisfying(k -> assertThat(k.admin()).isTrue());
        assertThat(c.sqlTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.toString()).doesNotContain(ApiKeys.hashOf("s1"));
    }

    @Test
    void aBadValueFailsNamingItsKey() {
        Map<String, String> env = minimal();
        env.put("HERALD_ANALYTICS_BATCH_MAX", "many");
        assertThatThrownBy(() -> AnalyticsConfig.fromEnv(env)).hasMessageContaining("HERALD_ANALYTICS_BATCH_MAX");
        Map<String, String> noKafka = minimal();
        noKafka.remove("KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> AnalyticsConfig.fromEnv(noKafka)).hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
        Map<String, String> badDuration = minimal();
        badDuration.put("HERALD_ANALYTICS_IN_FLIGHT_GRACE", "soon");
        assertThatThrownBy(() -> AnalyticsConfig.fromEnv(badDuration)).hasMessageContaining("HERALD_ANALYTICS_IN_FLIGHT_GRACE");
    }
}
