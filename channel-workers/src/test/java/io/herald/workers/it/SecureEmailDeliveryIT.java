package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.smtp.SmtpTls;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Secured providers configured the way an operator does it, through {@code HERALD_EMAIL_<ID>_*} keys: the
 * primary (STARTTLS required, AUTH, private CA) refuses the worker's password, the secondary (SMTPS, AUTH,
 * private CA) delivers, and the outcomes name the authentication failure without the password.
 */
@WithKafka
@WithRegistry
class SecureEmailDeliveryIT {
    private static final String USER = "herald-relay";
    private static final String PRIMARY_PASSWORD = "primary-pass-7d1e";
    private static final String SECONDARY_PASSWORD = "secondary-pass-c42a";
    private static final String STALE_PASSWORD = "stale-pass-0b9f";

    private final WorkerHarness harness;
    private final KafkaCluster kafka;
    private final ScriptedSmtpServer primary = ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_REQUIRED)
            .credentials(USER, PRIMARY_PASSWORD).requireAuth().build().start();
    private final ScriptedSmtpServer secondary = ScriptedSmtpServer.builder().tls(SmtpTls.IMPLICIT)
            .credentials(USER, SECONDARY_PASSWORD).requireAuth().build().start();
    private WorkerApp app;

    SecureEmailDeliveryIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.harness = new WorkerHarness(kafka, registry);
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
        harness.close();
        primary.close();
        secondary.close();
    }

    @Test
    void aRefusedLoginFailsOverToTheSmtpsProviderWithoutLeakingThePassword() {
        String primaryId = "smtp-auth-primary-" + harness.runId;
        String secondaryId = "smtp-auth-secondary-" + harness.runId;
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", String.valueOf(kafka.clientProperties().get("bootstrap.servers")));
        env.put("HERALD_SCHEMA_REGISTRY_URL", harness.registryUrl);
        env.put("HERALD_RETRY_TIERS", "1s,2s");
        env.put("HERALD_RETRY_JITTER", "0");
        env.put("HERALD_WORKER_GROUP_PREFIX", "it-secure-" + harness.runId);
        env.put("HERALD_WORKER_INSTANCE_ID", "it-secure-" + harness.runId);
        env.put("HERALD_WORKER_POLL_TIMEOUT_MS", "50");
        env.put("HERALD_HTTP_HOST", "127.0.0.1");
        env.put("HERALD_HTTP_PORT", "0");
        env.put("HERALD_EMAIL_PROVIDERS", primaryId + "," + secondaryId);
        provider(env, primaryId, primary, "STARTTLS", STALE_PASSWORD);
        provider(env, secondaryId, secondary, "SMTPS", SECONDARY_PASSWORD);
        Map<String, Object> latest = new HashMap<>(kafka.clientProperties());
        latest.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        WorkerConfig config = WorkerConfig.fromEnv(env).withKafka(latest);
        app = new WorkerApp(config).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
        var command = harness.command("secure", Channel.EMAIL, Priority.CRITICAL, "ada@example.com", List.of(primaryId, secondaryId));

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.outcomes(command.getNotificationId()).stream()
                .anyMatch(o -> o.getStatus() == OutcomeStatus.SENT));
        List<DeliveryOutcome> outcomes = harness.outcomes(command.getNotificationId());
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider, DeliveryOutcome::getProviderCode)
                .containsExactly(tuple(OutcomeStatus.DEFERRED, primaryId, "535 5.7.8"), tuple(OutcomeStatus.SENT, secondaryId, "250 2.0.0"));
        assertThat(outcomes.get(0).getErrorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(outcomes.get(0).getDetail()).isEqualTo("smtp-provider-authentication");
        assertThat(outcomes.toString()).doesNotContain(STALE_PASSWORD).doesNotContain(SECONDARY_PASSWORD);
        assertThat(config.toString()).doesNotContain(STALE_PASSWORD).doesNotContain(SECONDARY_PASSWORD)
                .contains("trustCa=" + secondary.certificate().pemFile());
        assertThat(primary.receivedCount()).isZero();
        assertThat(secondary.received()).singleElement().satisfies(mail -> {
            assertThat(mail.tls()).isTrue();
            assertThat(mail.authenticatedUser()).contains(USER);
        });
    }

    private static void provider(Map<String, String> env, String id, ScriptedSmtpServer server, String tls, String password) {
        String p = "HERALD_EMAIL_" + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
        env.put(p + "HOST", server.host());
        env.put(p + "PORT", Integer.toString(server.port()));
        env.put(p + "TLS", tls);
        env.put(p + "USERNAME", USER);
        env.put(p + "PASSWORD", password);
        env.put(p + "FROM", "herald@notify.example.com");
        env.put(p + "TRUST_CA_FILE", server.certificate().pemFile().toString());
        env.put(p + "CONNECT_TIMEOUT_MS", "2000");
        env.put(p + "READ_TIMEOUT_MS", "5000");
    }
}
