package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.runtime.auth.ApiKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
        env.put("HERALD_INGEST_API_KEYS", "acme:acme-main:" + ApiKeys.hashOf("secret"));
        return env;
    }

    @Test
    void readsDefaultsFromAMinimalEnvironment() {
        IngestConfig config = IngestConfig.fromEnv(minimal());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(config.requestTopic()).isEqualTo("notify.request.v1");
        assertThat(config.preferenceTopic()).isEqualTo("notify.preference.v1");
        assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.apiKeys()).singleElement().satisfies(k -> assertThat(k.tenantId()).isEqualTo("acme"));
        assertThat(config.dailyQuota()).isEmpty();
    }

    @Test
    void producersKeepTheDurabilityContractOverAnyConfiguredValueAndLingerByDefault() {
        Map<String, String> env = minimal();
        env.put("HERALD_KAFKA_ACKS", "1");
        env.put("HERALD_KAFKA_ENABLE_IDEMPOTENCE", "false");
        IngestConfig config = IngestConfig.fromEnv(env);
        Map<String, Object> requests = IngestApp.producerProps(config, "r", IngestApp.LINGER_MS);

        assertThat(config.kafka()).containsEntry("acks", "1").containsEntry("enable.idempotence", "false");
        assertThat(requests).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("linger.ms", 2).containsEntry("client.id", "r");
    }

    @Test
    void aConfiguredLingerWinsOverTheDefault() {
        Map<String, String> env = minimal();
        env.put("HERALD_KAFKA_LINGER_MS", "0");

        assertThat(IngestApp.producerProps(IngestConfig.fromEnv(env), "r", IngestApp.LINGER_MS))
                .containsEntry("linger.ms", "0");
    }

    @Test
    void passesKafkaSettingsThroughAndParsesEveryKey() {
        Map<String, String> env = minimal();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("kafka.sasl.jaas.config", "secret-jaas");
        env.put("HERALD_INGEST_PORT", "0");
        env.put("HERALD_INGEST_DAILY_QUOTA", "sms=100, email=5000");
        env.put("HERALD_INGEST_IDEMPOTENCY_WINDOW", "30m");
        env.put("HERALD_INGEST_BATCH_MAX", "7");

        IngestConfig config = IngestConfig.fromEnv(env);

        assertThat(config.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", "secret-jaas");
        assertThat(config.dailyQuota()).containsEntry(Channel.SMS, 100L).containsEntry(Channel.EMAIL, 5000L);
        assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.batchMax()).isEqualTo(7);
        assertThat(config.toString()).doesNotContain("secret-jaas").doesNotContain(ApiKeys.hashOf("secret"));
    }

    @Test
    void failsNamingTheKeyThatIsMissingOrMalformed() {
        Map<String, String> noKeys = minimal();
        noKeys.remove("HERALD_INGEST_API_KEYS");
        Map<String, String> badPort = minimal();
        badPort.put("HERALD_INGEST_PORT", "eighty");
        Map<String, String> badWindow = minimal();
        badWindow.put("HERALD_INGEST_IDEMPOTENCY_WINDOW", "a day");
        Map<String, String> badQuota = minimal();
        badQuota.put("HERALD_INGEST_DAILY_QUOTA", "pigeon=1");

        assertThatThrownBy(() -> IngestConfig.fromEnv(noKeys)).hasMessageContaining("HERALD_INGEST_API_KEYS");
        assertThatThrownBy(() -> IngestConfig.fromEnv(badPort)).hasMessageContaining("HERALD_INGEST_PORT");
        assertThatThrownBy(() -> IngestConfig.fromEnv(badWindow)).hasMessageContaining("ingest.idempotency.window")
                .hasMessageContaining("HERALD_INGEST_IDEMPOTENCY_WINDOW");
        assertThatThrownBy(() -> IngestConfig.fromEnv(badQuota)).hasMessageContaining("HERALD_INGEST_DAILY_QUOTA");
    }

    @Test
    void readsTheNewKeyNamesWithOnePortConvention() {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", "b:9092");
        env.put("HERALD_INGEST_API_KEYS", "acme:acme-main:" + ApiKeys.hashOf("secret"));
        env.put("HERALD_INGEST_HTTP_PORT", "9090");
        env.put("HERALD_INGEST_DELIVERY_TIMEOUT", "3s");
        env.put("HERALD_INGEST_RETRY_AFTER", "1m");

        IngestConfig config = IngestConfig.fromEnv(env);

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.retryAfterSeconds()).isEqualTo(60);
        assertThat(config.registry().url().toString()).isEqualTo("http://localhost:8081/apis/ccompat/v7");
    }
}
