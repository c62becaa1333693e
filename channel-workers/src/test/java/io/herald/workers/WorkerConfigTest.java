package io.herald.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.workers.email.TlsMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {
    /** A self-signed EC certificate (CN=ca.herald.test), standing in for an operator's private CA. */
    private static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBZDCCAQqgAwIBAgIIEjJsD/GQV7wwCgYIKoZIzj0EAwIwGTEXMBUGA1UEAxMO
            Y2EuaGVyYWxkLnRlc3QwHhcNMjYxMTI5MjExMzU4WhcNMzYxMTI2MjExMzU4WjAZ
            MRcwFQYDVQQDEw5jYS5oZXJhbGQudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH
            A0IABBn46rUPhLCzKV3UPjdBTqKixOIrMFAV40CgunkyTbGEdE/sQNqlFdS0YxN6
            ZYRuNZ/OpPnfW7rNqHRk2m5UJaOjPDA6MB0GA1UdDgQWBBS+fB3foedgJhIe/AR5
            +JZasm7i9TAZBgNVHREEEjAQgg5jYS5oZXJhbGQudGVzdDAKBggqhkjOPQQDAgNI
            ADBFAiA58JNF7egQtWaU5JXi1xJ8Yk1XSDwCBQaS7UhlXRlyswIhAKkjusykpSQ+
            dKXiMdL8KMtmkYNlGjI/KHgwuvNQIsFe
            -----END CERTIFICATE-----
            """;

    @TempDir
    Path dir;

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("HERALD_SCHEMA_REGISTRY_URL", "mock://workers");
        env.put("HERALD_EMAIL_PROVIDERS", "smtp-primary, smtp-secondary");
        env.put("HERALD_EMAIL_SMTP_PRIMARY_HOST", "mx1.example.net");
        env.put("HERALD_EMAIL_SMTP_PRIMARY_FROM", "noreply@notify.example.com");
        env.put("HERALD_EMAIL_SMTP_PRIMARY_PASSWORD", "hunter2-secret");
        env.put("HERALD_EMAIL_SMTP_PRIMARY_USERNAME", "herald");
        env.put("HERALD_EMAIL_SMTP_SECONDARY_HOST", "mx2.example.net");
        env.put("HERALD_EMAIL_SMTP_SECONDARY_PORT", "2525");
        env.put("HERALD_EMAIL_SMTP_SECONDARY_TLS", "none");
        env.put("HERALD_EMAIL_SMTP_SECONDARY_FROM", "noreply@notify.example.com");
        env.put("HERALD_EMAIL_SMTP_SECONDARY_MAX_RATE", "12.5");
        return env;
    }

    @Test
    void readsOrderedSmtpProvidersWithDefaultsAndKafkaPassThrough() {
        Map<String, String> env = base();
        env.put("kafka.linger.ms", "7");

        WorkerConfig config = WorkerConfig.fromEnv(env);

        assertThat(config.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("linger.ms", "7");
        assertThat(config.smtp()).extracting(s -> s.id()).containsExactly("smtp-primary", "smtp-secondary");
        assertThat(config.smtp().get(0).tls()).isEqualTo(TlsMode.STARTTLS);
        assertThat(config.smtp().get(0).port()).isEqualTo(587);
        assertThat(config.smtp().get(1).port()).isEqualTo(2525);
        assertThat(config.smtp().get(1).maxRate()).isEqualTo(12.5);
        assertThat(config.retryLanes().transactional()).extracting(t -> t.delay()).containsExactly(Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(config.retryLanes().bulk()).isEqualTo(config.retryLanes().transactional());
        assertThat(config.retryLanes().critical()).extracting(t -> t.delay()).containsExactly(Duration.ofSeconds(5));
        assertThat(config.channels()).containsExactly(Channel.EMAIL);
        assertThat(config.groupId(Channel.EMAIL)).isEqualTo("herald-workers-email");
    }

    @Test
    void smsAndWebhookAreEnabledByTheirCredentials() {
        Map<String, String> env = base();
        env.put("HERALD_TWILIO_ACCOUNT_SID", "AC123");
        env.put("HERALD_TWILIO_AUTH_TOKEN", "token-secret");
        env.put("HERALD_TWILIO_FROM", "+15005550006");
        env.put("HERALD_TWILIO_API_BASE_URL", "http://127.0.0.1:8089");
        env.put("HERALD_WEBHOOK_SECRET", "0123456789abcdef-hook-secret");

        WorkerConfig config = WorkerConfig.fromEnv(env);

        assertThat(config.channels()).containsExactly(Channel.EMAIL, Channel.SMS, Channel.WEBHOOK);
        assertThat(config.twilio().apiBaseUrl().toString()).isEqualTo("http://127.0.0.1:8089");
        assertThat(config.webhook().requireHttps()).isTrue();
    }

    @Test
    void secretsAreMaskedWhenLogged() {
        Map<String, String> env = base();
        env.put("HERALD_TWILIO_ACCOUNT_SID", "AC123");
        env.put("HERALD_TWILIO_AUTH_TOKEN", "token-secret");
        env.put("HERALD_TWILIO_FROM", "+15005550006");
        env.put("KAFKA_SASL_JAAS_CONFIG", "plain password=kafka-secret");

        String logged = WorkerConfig.fromEnv(env).toString();

        assertThat(logged).doesNotContain("hunter2-secret").doesNotContain("token-secret").doesNotContain("kafka-secret").contains("****");
    }

    @Test
    void aMissingOrMalformedKeyFailsNamingTheKey() {
        Map<String, String> noHost = base();
        noHost.remove("HERALD_EMAIL_SMTP_PRIMARY_HOST");
        Map<String, String> badPort = base();
        badPort.put("HERALD_EMAIL_SMTP_SECONDARY_PORT", "twenty");
        Map<String, String> badTls = base();
        badTls.put("HERALD_EMAIL_SMTP_SECONDARY_TLS", "maybe");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(noHost)).hasMessageContaining("email.provider.smtp-primary.host")
                .hasMessageContaining("HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_HOST");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(badPort)).hasMessageContaining("HERALD_EMAIL_SMTP_SECONDARY_PORT");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(badTls)).hasMessageContaining("HERALD_EMAIL_SMTP_SECONDARY_TLS");
    }

    @Test
    void aProviderTrustCaFileIsReadAndShownWhenLogged() throws Exception {
        Path ca = Files.writeString(dir.resolve("private-ca.pem"), CA_PEM, StandardCharsets.US_ASCII);
        Map<String, String> env = base();
        env.put("HERALD_EMAIL_SMTP_PRIMARY_TRUST_CA_FILE", ca.toString());

        WorkerConfig config = WorkerConfig.fromEnv(env);

        assertThat(config.smtp().get(0).trustCaFile()).isEqualTo(ca);
        assertThat(config.smtp().get(1).trustCaFile()).isNull();
        assertThat(config.toString()).contains("trustCa=" + ca).contains("trustCa=default").doesNotContain("hunter2-secret");
    }

    @Test
    void anUnusableTrustCaFileFailsAtStartUpNamingTheKey() throws Exception {
        Map<String, String> missing = base();
        missing.put("HERALD_EMAIL_SMTP_PRIMARY_TRUST_CA_FILE", dir.resolve("no-such.pem").toString());
        Map<String, String> notPem = base();
        notPem.put("HERALD_EMAIL_SMTP_PRIMARY_TRUST_CA_FILE",
                Files.writeString(dir.resolve("notes.txt"), "not a certificate").toString());
        Map<String, String> plainText = base();
        plainText.put("HERALD_EMAIL_SMTP_SECONDARY_TRUST_CA_FILE",
                Files.writeString(dir.resolve("ca.pem"), CA_PEM, StandardCharsets.US_ASCII).toString());

        assertThatThrownBy(() -> WorkerConfig.fromEnv(missing))
                .hasMessageContaining("HERALD_EMAIL_SMTP_PRIMARY_TRUST_CA_FILE").hasMessageContaining("no-such.pem");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(notPem))
                .hasMessageContaining("HERALD_EMAIL_SMTP_PRIMARY_TRUST_CA_FILE").hasMessageContaining("notes.txt");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(plainText))
                .hasMessageContaining("HERALD_EMAIL_SMTP_SECONDARY_TRUST_CA_FILE").hasMessageContaining("HERALD_EMAIL_SMTP_SECONDARY_TLS");
    }

    @Test
    void theHalfOpenTrickleIsAShareReadUnderTheRoutersKey() {
        Map<String, String> env = base();
        assertThat(WorkerConfig.fromEnv(env).halfOpenTricklePercent()).isEqualTo(10);

        env.put("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT", "25");
        env.put("HERALD_HALF_OPEN_RATE", "0");
        assertThat(WorkerConfig.fromEnv(env).halfOpenTricklePercent()).isEqualTo(25);

        env.put("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT", "101");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).hasMessageContaining("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT");
    }

    @Test
    void theOldHalfOpenRateKeyStillStartsTheWorkerMappedToAShare() {
        Map<String, String> off = base();
        off.put("HERALD_HALF_OPEN_RATE", "0");
        Map<String, String> on = base();
        on.put("HERALD_HALF_OPEN_RATE", "2.5");

        assertThat(WorkerConfig.fromEnv(off).halfOpenTricklePercent()).isZero();
        assertThat(WorkerConfig.fromEnv(on).halfOpenTricklePercent()).isEqualTo(10);
    }

    @Test
    void probesRunEveryFiveSecondsByDefaultAtThePostmasterOfTheSendersDomainUnlessConfigured() {
        Map<String, String> env = base();
        WorkerConfig defaults = WorkerConfig.fromEnv(env);
        env.put("HERALD_HEALTH_PROBE_INTERVAL", "750ms");
        env.put("HERALD_EMAIL_SMTP_SECONDARY_PROBE_ADDRESS", "probe@health.example.net");
        WorkerConfig configured = WorkerConfig.fromEnv(env);

        assertThat(defaults.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.smtp().get(0).probeRecipient()).isEqualTo("postmaster@notify.example.com");
        assertThat(configured.probeInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(configured.smtp().get(1).probeRecipient()).isEqualTo("probe@health.example.net");
        assertThat(configured.toString()).doesNotContain("probe@health.example.net");
    }

    @Test
    void aMalformedProbeSettingFailsNamingTheKey() {
        Map<String, String> badInterval = base();
        badInterval.put("HERALD_HEALTH_PROBE_INTERVAL", "often");
        Map<String, String> badAddress = base();
        badAddress.put("HERALD_EMAIL_SMTP_PRIMARY_PROBE_ADDRESS", "postmaster");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(badInterval)).hasMessageContaining("HERALD_HEALTH_PROBE_INTERVAL");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(badAddress)).hasMessageContaining("HERALD_EMAIL_SMTP_PRIMARY_PROBE_ADDRESS");
    }

    @Test
    void aWorkerWithoutAnyChannelRefusesToStart() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "x:1", "HERALD_SCHEMA_REGISTRY_URL", "mock://w");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).hasMessageContaining("no channel configured");
    }

    @Test
    void readsTheSharedProviderKeysUnderTheirNewNames() {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("HERALD_EMAIL_PROVIDERS", "relay");
        env.put("HERALD_EMAIL_PROVIDER_RELAY_HOST", "smtp.example.com");
        env.put("HERALD_EMAIL_PROVIDER_RELAY_SECURITY", "smtps");
        env.put("HERALD_EMAIL_PROVIDER_RELAY_FROM", "alerts@example.com");
        env.put("HERALD_EMAIL_PROVIDER_RELAY_READ_TIMEOUT", "45s");
        env.put("HERALD_SMS_PROVIDERS", "twilio");
        env.put("HERALD_SMS_PROVIDER_TWILIO_ACCOUNT_SID", "AC1");
        env.put("HERALD_SMS_PROVIDER_TWILIO_AUTH_TOKEN", "t0ken");
        env.put("HERALD_SMS_PROVIDER_TWILIO_FROM", "+15005550006");
        env.put("HERALD_WORKERS_HTTP_PORT", "0");

        WorkerConfig config = WorkerConfig.fromEnv(env);

        assertThat(config.smtp()).singleElement().satisfies(s -> {
            assertThat(s.tls()).isEqualTo(TlsMode.SMTPS);
            assertThat(s.port()).isEqualTo(465);
            assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        });
        assertThat(config.twilio().id()).isEqualTo("twilio");
        assertThat(config.httpPort()).isZero();
        assertThat(config.channels()).containsExactly(Channel.EMAIL, Channel.SMS);
    }

    @Test
    void moreThanOneSmsProviderIsRefusedNamingTheKey() {
        Map<String, String> env = base();
        env.put("HERALD_SMS_PROVIDERS", "twilio,backup");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).hasMessageContaining("sms.providers");
    }

    @Test
    void operatorReplyRulesFromTheKeyAndTheFileComeBeforeTheDefaults() throws Exception {
        Path rules = dir.resolve("reply-rules.txt");
        Files.writeString(rules, """
                # our relay says this while it restarts
                email | 421 | 4.4.2 | relay restarting | outage | relay-restart
                """, StandardCharsets.UTF_8);
        Map<String, String> env = base();
        env.put("HERALD_REPLY_RULES", "webhook | 409 | * | * | transient | conflict-retry; sms | 30007 | * | * | permanent | carrier-filtered");
        env.put("HERALD_REPLY_RULES_FILE", rules.toString());

        WorkerConfig config = WorkerConfig.fromEnv(env);

        assertThat(config.replyRules().rules()).extracting(r -> r.name()).startsWith("conflict-retry", "carrier-filtered", "relay-restart")
                .contains("exchange-temporary-server-error");
        assertThat(WorkerConfig.fromEnv(base()).replyRules().rules()).isEqualTo(io.herald.policy.reply.ReplyRules.defaults().rules());
    }

    @Test
    void aBadReplyRuleOrAMissingRulesFileStopsStartUpNamingTheKeyLineAndField() {
        Map<String, String> bad = base();
        bad.put("HERALD_REPLY_RULES", "email | 451 | 4.3.2 | * | outage | a\nemail | 451 | 4.3.2 | * | down | b");
        Map<String, String> missing = base();
        missing.put("HERALD_REPLY_RULES_FILE", dir.resolve("nope.txt").toString());

        assertThatThrownBy(() -> WorkerConfig.fromEnv(bad)).hasMessageStartingWith("HERALD_REPLY_RULES line 2: field 'verdict': 'down'");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(missing)).hasMessageContaining("HERALD_REPLY_RULES_FILE cannot be read");
    }
}
