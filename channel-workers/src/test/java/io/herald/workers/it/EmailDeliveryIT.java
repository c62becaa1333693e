package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.workers.WorkerApp;
import io.herald.workers.email.MessageIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Email delivery end to end: dispatch topic → worker → devkit SMTP servers → outcome topic. */
@WithKafka
@WithRegistry
class EmailDeliveryIT {
    private final WorkerHarness harness;
    private final ScriptedSmtpServer primary = ScriptedSmtpServer.builder().build().start();
    private final ScriptedSmtpServer secondary = ScriptedSmtpServer.builder().build().start();
    private String primaryId;
    private String secondaryId;
    private WorkerApp app;

    EmailDeliveryIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.harness = new WorkerHarness(kafka, registry);
    }

    @BeforeEach
    void startWorkers() {
        primaryId = "smtp-primary-" + harness.runId;
        secondaryId = "smtp-secondary-" + harness.runId;
        app = new WorkerApp(harness.config(List.of(WorkerHarness.smtp(primaryId, primary.port(), 500, 4),
                WorkerHarness.smtp(secondaryId, secondary.port(), 500, 4)), null, null, 50)).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
    }

    @AfterEach
    void stop() {
        app.close();
        harness.close();
        primary.close();
        secondary.close();
    }

    @Test
    void aMessageDeferredByThePrimaryIsDeliveredThroughTheSecondaryWithASentOutcomeNamingIt() {
        primary.script(Replies.deferAll451());
        var command = harness.command("failover", Channel.EMAIL, Priority.CRITICAL, "ada@example.com", List.of(primaryId, secondaryId));

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.SENT));
        List<DeliveryOutcome> outcomes = harness.outcomes(command.getNotificationId());
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider, DeliveryOutcome::getProviderCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, primaryId, "451 4.3.2"),
                        org.assertj.core.groups.Tuple.tuple(OutcomeStatus.SENT, secondaryId, "250 2.0.0"));
        // Exchange's outage reply counts as outage evidence toward DOWN, not as throttling.
        assertThat(outcomes.get(0).getErrorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(outcomes.get(0).getDetail()).isEqualTo("outage:exchange-temporary-server-error");
        assertThat(primary.receivedCount()).isZero();
        ReceivedMail mail = secondary.received().get(0);
        assertThat(mail.messageId()).contains(MessageIds.forNotification(command.getNotificationId(), "notify.example.com"));
    }

    @Test
    void whenEveryProviderDefersTheMessageIsRetriedOnEachTierThenReportedChannelExhaustedAndNothingIsLost() {
        primary.script(Replies.deferAll451());
        secondary.script(Replies.deferAll451());
        var first = harness.command("exhaust-1", Channel.EMAIL, Priority.TRANSACTIONAL, "bob@example.com", List.of(primaryId));
        var second = harness.command("exhaust-2", Channel.EMAIL, Priority.BULK, "eve@example.com", List.of(primaryId));

        harness.send(first);
        harness.send(second);
        harness.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> has(first.getNotificationId(), OutcomeStatus.CHANNEL_EXHAUSTED)
                && has(second.getNotificationId(), OutcomeStatus.CHANNEL_EXHAUSTED));
        for (var command : List.of(first, second)) {
            List<DeliveryOutcome> outcomes = harness.outcomes(command.getNotificationId());
            // Three rounds (first try + tiers 1s and 2s), two providers each, then the hand-back to the router.
            assertThat(outcomes).filteredOn(o -> o.getStatus() == OutcomeStatus.DEFERRED).hasSize(6);
            assertThat(outcomes).filteredOn(o -> o.getStatus() == OutcomeStatus.DEFERRED).extracting(DeliveryOutcome::getAttempt)
                    .containsExactly(1, 1, 2, 2, 3, 3);
            DeliveryOutcome exhausted = outcomes.get(outcomes.size() - 1);
            assertThat(exhausted.getStatus()).isEqualTo(OutcomeStatus.CHANNEL_EXHAUSTED);
            assertThat(exhausted.getDetail()).isEqualTo("retries-exhausted");
            assertThat(exhausted.getProviderCode()).isEqualTo("451 4.3.2");
            assertThat(exhausted.getAttempt()).isEqualTo(3);
        }
        assertThat(primary.rejectedCount() + secondary.rejectedCount()).isEqualTo(12);
    }

    @Test
    void anUnknownMailboxFailsOnceAndIsNeverRetried() {
        primary.script(Replies.mailboxUnknown550().forRecipient("ghost@example.com"));
        var command = harness.command("ghost", Channel.EMAIL, Priority.TRANSACTIONAL, "ghost@example.com", List.of(primaryId, secondaryId));

        harness.send(command);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.FAILED));
        // Longer than the first retry tier: a retry would have shown up as another outcome by then.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.outcomes(command.getNotificationId()).size() == 1);
        DeliveryOutcome failed = harness.outcomes(command.getNotificationId()).get(0);
        assertThat(failed.getErrorClass()).isEqualTo(ErrorClass.PERMANENT);
        assertThat(failed.getProviderCode()).isEqualTo("550 5.1.1");
        assertThat(primary.rejectedCount()).isEqualTo(1);
        assertThat(secondary.connectionCount()).isZero();
    }

    @Test
    void providersReportedDownOnTheHealthTopicAreSkippedAndWhenAllAreDownTheChannelIsExhaustedAtOnce() throws Exception {
        harness.publishHealth(health(primaryId, HealthState.DOWN));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.health().state(primaryId) == HealthState.DOWN);
        var skipped = harness.command("skip-down", Channel.EMAIL, Priority.CRITICAL, "ada@example.com", List.of(primaryId, secondaryId));
        harness.send(skipped);
        harness.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> has(skipped.getNotificationId(), OutcomeStatus.SENT));
        assertThat(harness.outcomes(skipped.getNotificationId())).extracting(DeliveryOutcome::getProvider).containsExactly(secondaryId);
        assertThat(primary.connectionCount()).isZero();

        harness.publishHealth(health(secondaryId, HealthState.DOWN));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.health().state(secondaryId) == HealthState.DOWN);
        // Critical with somewhere else to go: handed back at once (one with no fallback would wait on its tier instead).
        var exhausted = DispatchCommand.newBuilder(harness.command("all-down", Channel.EMAIL, Priority.CRITICAL, "ada@example.com",
                List.of(primaryId, secondaryId))).setFallbackChannels(List.of(Channel.SMS)).build();
        harness.send(exhausted);
        harness.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> has(exhausted.getNotificationId(), OutcomeStatus.CHANNEL_EXHAUSTED));
        assertThat(harness.outcomes(exhausted.getNotificationId())).extracting(DeliveryOutcome::getDetail).containsExactly("all-providers-down");
        assertThat(secondary.receivedCount()).isEqualTo(1);
    }

    private static ProviderHealth health(String provider, HealthState state) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state).setSince(Instant.now())
                .setReason("consecutive-transient-failures").setSource(HealthSource.OBSERVED).build();
    }

    @Test
    void healthAndMetricsAreServedOverHttp() throws Exception {
        var command = harness.command("metrics", Channel.EMAIL, Priority.CRITICAL, "ada@example.com", List.of(primaryId));
        harness.send(command);
        harness.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> has(command.getNotificationId(), OutcomeStatus.SENT));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("herald_worker_attempts_total").contains("provider=\"" + primaryId + "\"")
                .contains("herald_worker_provider_rate").contains("herald_worker_in_flight").contains("herald_worker_lane_lag")
                .contains("herald_worker_outcomes_total");
    }

    private boolean has(String notificationId, OutcomeStatus status) {
        return harness.outcomes(notificationId).stream().anyMatch(o -> o.getStatus() == status);
    }
}
