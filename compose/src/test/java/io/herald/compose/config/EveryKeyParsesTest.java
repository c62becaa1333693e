package io.herald.compose.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.ConfigLoader;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every documented key (every key of every catalogue the reference is generated from) is read from the file
 * and from its environment variable alike, and a wrong value stops start-up naming it.
 */
class EveryKeyParsesTest {
    /** Ids used for per-id keys. */
    private static final Map<String, String> IDS = Map.of("<id>", "smtp-primary", "<topic>", "notify.outcome.v1", "<channel>", "email");
    /** Keys that no longer exist and are refused when given (documented as removed). */
    private static final java.util.Set<String> REFUSED = java.util.Set.of("health.down-ratio");
    /** Valid values of keys without a default (or whose default is computed). */
    private static final Map<String, String> SAMPLES = new HashMap<>();

    static {
        SAMPLES.put("router.critical.commit-gap", "50ms");
        SAMPLES.put("schema.registry.basic.auth.user.info", "user:pw");
        SAMPLES.put("email.provider.<id>.host", "smtp.example.com");
        SAMPLES.put("email.provider.<id>.port", "465");
        SAMPLES.put("email.provider.<id>.username", "mailer");
        SAMPLES.put("email.provider.<id>.password", "pw");
        SAMPLES.put("email.provider.<id>.from", "alerts@example.com");
        SAMPLES.put("email.provider.<id>.trust-ca-file", "/etc/herald/ca.pem");
        SAMPLES.put("email.provider.<id>.probe-address", "probe@example.com");
        SAMPLES.put("retry.tiers", "1s,2s");
        SAMPLES.put("retry.critical.tiers", "3s");
        SAMPLES.put("retry.transactional.tiers", "10s,1m");
        SAMPLES.put("retry.bulk.tiers", "1m,10m");
        SAMPLES.put("workers.instance-id", "worker-a");
        SAMPLES.put("reply.rules", "email | 421 | 4.4.2 | relay restarting | outage | relay-restart");
        SAMPLES.put("reply.rules-file", "/etc/herald/reply-rules.txt");
        SAMPLES.put("webhook.trust-ca-file", "/etc/herald/webhook-ca.pem");
        SAMPLES.put("webhook.secret", "0123456789abcdef");
        SAMPLES.put("webhook.previous-secret", "fedcba9876543210");
        SAMPLES.put("webhook.tenant-secrets", "acme=acme-secret-0123456789|acme-old-secret-0123");
        SAMPLES.put("sms.provider.<id>.account-sid", "AC123");
        SAMPLES.put("sms.provider.<id>.auth-token", "token");
        SAMPLES.put("sms.provider.<id>.from", "+15005550006");
        SAMPLES.put("sms.provider.<id>.messaging-service-sid", "MG123");
        SAMPLES.put("sms.provider.<id>.base-url", "https://api.twilio.com");
        SAMPLES.put("topics.<topic>.partitions", "12");
        SAMPLES.put("topics.<topic>.retention", "90d");
        SAMPLES.put("router.state-dir", "/var/lib/herald/router");
        SAMPLES.put("ingest.api-keys", "acme:main:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b4c0b822cd15d6c15b0f00a08");
        SAMPLES.put("ingest.daily-quota", "sms=100,email=5000");
        SAMPLES.put("auto-replay.max-rate", "100/s");
        SAMPLES.put("email.failover-ramp", "50/s,200/s@5m,max@15m");
        SAMPLES.put("auto-replay.abort-failure-ratio", "0.3");
        SAMPLES.put("auto-replay.parked-topic.<channel>", "my.parked.email");
        SAMPLES.put("analytics.export-dir", "/var/lib/herald/exports");
        SAMPLES.put("analytics.admin-keys", "ops:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b4c0b822cd15d6c15b0f00a08");
        SAMPLES.put("analytics.lag-group-prefix", "herald-workers");
    }

    @TempDir
    Path dir;

    @Test
    void everyDocumentedKeyIsReadFromTheFileAndFromTheEnvironment() throws IOException {
        Map<Key<?>, String> values = new LinkedHashMap<>();
        for (KeyCatalogue catalogue : ConfigurationReference.ALL) {
            for (Key<?> key : catalogue.keys()) {
                if (!REFUSED.contains(key.name())) values.put(concrete(key), sample(key));
            }
        }
        values.put(io.herald.schemas.config.ProviderKeys.EMAIL_PROVIDERS, "smtp-primary");
        values.put(io.herald.schemas.config.ProviderKeys.SMS_PROVIDERS, "smtp-primary");

        StringBuilder file = new StringBuilder();
        Map<String, String> env = new HashMap<>();
        values.forEach((key, value) -> {
            file.append(key.name()).append('=').append(value.replace("\\", "\\\\")).append('\n');
            env.put(key.envName(), value);
        });
        Path properties = dir.resolve("herald.properties");
        Files.writeString(properties, file);

        Config fromFile = new ConfigLoader(ConfigurationReference.ALL).file(properties).load();
        Config fromEnv = new ConfigLoader(ConfigurationReference.ALL).env(env).load();

        List<String> checked = new ArrayList<>();
        for (Key<?> key : values.keySet()) {
            assertThat(fromFile.isSet(key)).as(key.name() + " from the file").isTrue();
            assertThat(fromEnv.isSet(key)).as(key.name() + " from " + key.envName()).isTrue();
            assertThat(fromEnv.origin(key)).isEqualTo("environment variable " + key.envName());
            assertThat((Object) fromEnv.get(key)).as(key.name()).isNotNull().isEqualTo(fromFile.get(key));
            checked.add(key.name());
        }
        assertThat(checked).contains("kafka.bootstrap.servers", "email.provider.smtp-primary.max-rate",
                "sms.provider.smtp-primary.auth-token", "topics.notify.outcome.v1.retention", "health.half-open.trickle-percent");
    }

    @Test
    void aWrongValueOfAnyTypedKeyStopsStartUpNamingTheKeyAndItsSource() {
        for (KeyCatalogue catalogue : ConfigurationReference.ALL) {
            for (Key<?> template : catalogue.keys()) {
                Key<?> key = concrete(template);
                if (key.type().equals("string") || key.type().equals("path") || key.type().equals("list")) continue;
                Map<String, String> env = new HashMap<>(Map.of("HERALD_EMAIL_PROVIDERS", "smtp-primary", "HERALD_SMS_PROVIDERS", "smtp-primary"));
                env.put(key.envName(), "not-a-valid-value!");
                assertThatThrownBy(() -> new ConfigLoader(ConfigurationReference.ALL).env(env).load())
                        .as(key.name()).isInstanceOf(ConfigException.class)
                        .hasMessageContaining(key.name()).hasMessageContaining(key.envName());
            }
        }
    }

    @Test
    void aRemovedKeyIsRefusedNamingItsReplacement() {
        assertThatThrownBy(() -> new ConfigLoader(ConfigurationReference.ALL).env(Map.of("HERALD_HEALTH_DOWN_RATIO", "0.5")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("health.down-ratio")
                .hasMessageContaining("health.down-delivered-ratio");
    }

    private static Key<?> concrete(Key<?> key) {
        if (!key.isTemplate()) return key;
        for (Map.Entry<String, String> id : IDS.entrySet()) {
            if (key.name().contains(id.getKey())) return key.of(id.getValue());
        }
        throw new AssertionError("no sample id for " + key.name());
    }

    private static String sample(Key<?> key) {
        String sample = SAMPLES.get(key.name());
        if (sample != null) return sample;
        assertThat(key.defaultValue()).as("a sample value for " + key.name() + " (add one to SAMPLES)").isNotNull();
        return key.defaultText();
    }
}
