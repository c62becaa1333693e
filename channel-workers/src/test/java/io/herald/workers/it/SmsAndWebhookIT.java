package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.twilio.TwilioReply;
import io.herald.devkit.twilio.TwilioRule;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.workers.WorkerApp;
import io.herald.workers.sms.TwilioConfig;
import io.herald.workers.webhook.WebhookConfig;
import io.herald.workers.webhook.TenantSecrets;
import io.herald.workers.webhook.WebhookSigner;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMS through the devkit Twilio stub and webhooks to a local receiver, end to end through Kafka. */
@WithKafka
@WithRegistry
class SmsAndWebhookIT {
    private static final String SECRET = "it-webhook-secret-0123456789";
    private final WorkerHarness harness;
    private final TwilioStub twilio = TwilioStub.builder().build().start();
    private final List<String> webhookRequests = new CopyOnWriteArrayList<>();
    private final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
    private final List<Instant> busyRequests = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private String twilioId;
    private WorkerApp app;

    SmsAndWebhookIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.harness = new WorkerHarness(kafka, registry);
    }

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            webhookRequests.add(exchange.getRequestURI().getPath());
            // Each tenant signs with its own secret, derived from the master key by default.
            String tenant = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("tenantId").asText();
            signaturesValid.add(new WebhookSigner(TenantSecrets.derive(SECRET, tenant)).verify(
                    exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER), body,
                    Instant.now(), 300));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/moved", exchange -> {
            webhookRequests.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.createContext("/busy", exchange -> {
            exchange.getRequestBody().readAllBytes();
            busyRequests.add(Instant.now());
            // The first request is told to come back in 3 s; the worker's 1 s retry tier alone would come back sooner.
            if (busyRequests.size() == 1) exchange.getResponseHeaders().add("Retry-After", "3");
            exchange.sendResponseHeaders(busyRequests.size() == 1 ? 429 : 204, -1);
            exchange.close();
        });
        receiver.start();
        twilioId = "twilio-" + harness.runId;
        TwilioConfig sms = new TwilioConfig(twilioId, twilio.accountSid(), twilio.authToken(), "+15005550006", null,
                URI.create(twilio.baseUrl()), 20, 4, Duration.ofSeconds(2), Duration.ofSeconds(5));
        WebhookConfig webhook = new WebhookConfig("webhook-" + harness.runId, SECRET, Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 4,
                "127.0.0.1/32", false);
        app = new WorkerApp(harness.config(List.of(), sms, webhook, 50)).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
    }

    @AfterEach
    void stop() {
        app.close();
        harness.close();
        twilio.close();
        receiver.stop(0);
    }

    @Test
    void aTwilioRateLimitIsPacedAndRetriedUntilSent() {
        twilio.script(TwilioRule.respond(TwilioReply.tooManyRequests()).times(1));
        var command = harness.command("sms-429", Channel.SMS, Priority.CRITICAL, "+14155550101", List.of(twilioId));

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.SENT));
        List<DeliveryOutcome> outcomes = harness.outcomes(command.getNotificationId());
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProviderCode, DeliveryOutcome::getAttempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, "twilio:20429", 1),
                        org.assertj.core.groups.Tuple.tuple(OutcomeStatus.SENT, "twilio:201", 2));
        assertThat(outcomes.get(0).getErrorClass()).isEqualTo(ErrorClass.THROTTLED);
        assertThat(app.pacer(twilioId).currentRate()).isLessThan(20);
        assertThat(twilio.created()).hasSize(1);
        assertThat(twilio.requestCount()).isEqualTo(2);
    }

    @Test
    void anUnsubscribedRecipientFailsWithoutRetry() {
        twilio.script(TwilioRule.respond(TwilioReply.unsubscribedRecipient()).forTo("+14155550102"));
        var command = harness.command("sms-stop", Channel.SMS, Priority.TRANSACTIONAL, "+14155550102", List.of(twilioId));

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.FAILED));
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.outcomes(command.getNotificationId()).size() == 1);
        assertThat(harness.outcomes(command.getNotificationId()).get(0).getProviderCode()).isEqualTo("twilio:21610");
        assertThat(twilio.requestCount()).isEqualTo(1);
    }

    @Test
    void aWebhookToTheCloudMetadataAddressIsRefused() {
        var command = harness.command("ssrf", Channel.WEBHOOK, Priority.TRANSACTIONAL, "http://169.254.169.254/latest/meta-data/",
                List.of());

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.FAILED));
        DeliveryOutcome failed = harness.outcomes(command.getNotificationId()).get(0);
        assertThat(failed.getProviderCode()).isEqualTo("ssrf:link-local");
        assertThat(failed.getErrorClass()).isEqualTo(ErrorClass.PERMANENT);
    }

    @Test
    void aWebhookIsSignedAndARedirectIsNotFollowed() {
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        var delivered = harness.command("hook-ok", Channel.WEBHOOK, Priority.CRITICAL, base + "/hook", List.of());
        var redirected = harness.command("hook-302", Channel.WEBHOOK, Priority.CRITICAL, base + "/moved", List.of());

        harness.send(delivered);
        harness.send(redirected);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(delivered.getNotificationId(), OutcomeStatus.SENT)
                && has(redirected.getNotificationId(), OutcomeStatus.FAILED));
        assertThat(harness.outcomes(delivered.getNotificationId()).get(0).getProviderCode()).isEqualTo("http:204");
        assertThat(harness.outcomes(redirected.getNotificationId()).get(0).getProviderCode()).isEqualTo("http:302");
        assertThat(signaturesValid).containsExactly(true);
        assertThat(webhookRequests).containsExactlyInAnyOrder("/hook", "/moved");
    }

    @Test
    void aWebhookRateLimitWithRetryAfterHoldsTheEndpointUntilThen() {
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        var command = harness.command("hook-429", Channel.WEBHOOK, Priority.CRITICAL, base + "/busy", List.of());

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.SENT));
        List<DeliveryOutcome> outcomes = harness.outcomes(command.getNotificationId());
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProviderCode, DeliveryOutcome::getDetail)
                .startsWith(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, "http:429", "http-rate-limit"));
        assertThat(outcomes.get(0).getErrorClass()).isEqualTo(ErrorClass.THROTTLED);
        assertThat(busyRequests).hasSize(2);
        // A lower bound only: the pacer held the endpoint for the 3 s it asked for, not the 1 s retry tier.
        assertThat(Duration.between(busyRequests.get(0), busyRequests.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    private boolean has(String notificationId, OutcomeStatus status) {
        return harness.outcomes(notificationId).stream().anyMatch(o -> o.getStatus() == status);
    }
}
