package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.otp;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.schemas.HeraldHeaders;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerSideTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void exhausted(String id, Channel channel, String provider, String code) {
        h.workerOutcomes.pipeInput(id, worker(id, OutcomeStatus.CHANNEL_EXHAUSTED, channel, provider, ErrorClass.TRANSIENT,
                code, h.now()));
    }

    @Test
    void criticalFailsOverToSmsWhenEmailIsExhausted() {
        h.send(otp("k1", h.now()));
        h.advance(Duration.ofSeconds(30));
        exhausted("n-acme-k1", Channel.EMAIL, "smtp-secondary", "451 4.3.2");

        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).singleElement().satisfies(r -> {
            assertThat(r.value().getAddress()).isEqualTo("+14155550100");
            assertThat(r.value().getLastProviderCode()).isEqualTo("451 4.3.2");
            assertThat(r.value().getRouteHistory()).extracting(s -> s.getStatus()).containsExactly(OutcomeStatus.FAILED_OVER);
        });
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.FAILED_OVER);
        LedgerEntry entry = h.ledger().get("n-acme-k1");
        assertThat(entry.channel()).isEqualTo("SMS");
        assertThat(entry.exhausted()).containsExactly("EMAIL");
        assertThat(entry.timeline()).extracting(TimelineEntry::status)
                .containsExactly("ACCEPTED", "ROUTED", "CHANNEL_EXHAUSTED", "FAILED_OVER");

        // The same exhaustion reported twice does not dispatch twice.
        exhausted("n-acme-k1", Channel.EMAIL, "smtp-secondary", "451 4.3.2");
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
    }

    @Test
    void transactionalParksOnTheExhaustedChannelWithTheLastProviderCode() {
        h.send(Fixtures.transactional("k1", h.now()));
        exhausted("n-acme-k1", Channel.EMAIL, "smtp-secondary", "451 4.3.2");

        assertThat(h.dispatched(Channel.SMS, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).singleElement().satisfies(p -> {
            assertThat(p.getReason()).isEqualTo("channel-exhausted");
            assertThat(p.getProvider()).isEqualTo("smtp-secondary");
            assertThat(p.getProviderCode()).isEqualTo("451 4.3.2");
            assertThat(p.getAttempts()).isEqualTo(3);
            assertThat(p.getRequest().getIdempotencyKey()).isEqualTo("k1");
        });
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.PARKED);
    }

    @Test
    void anExpiredNotificationIsNotFailedOver() {
        h.send(otp("k1", h.now()));
        h.advance(Duration.ofMinutes(16));
        exhausted("n-acme-k1", Channel.EMAIL, "smtp-primary", "451 4.3.2");
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.EXPIRED);
    }

    @Test
    void aSentNotificationIsNeverDispatchedAgain() {
        h.send(otp("k1", h.now()));
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary",
                null, "250 2.0.0", h.now()));
        exhausted("n-acme-k1", Channel.EMAIL, "smtp-primary", "451 4.3.2");

        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
        assertThat(h.ledger().get("n-acme-k1")).satisfies(e -> {
            assertThat(e.state()).isEqualTo("SENT");
            assertThat(e.terminal()).isTrue();
            assertThat(e.provider()).isEqualTo("smtp-primary");
        });
    }

    @Test
    void replayOfAnAlreadySentNotificationIsSkipped() {
        NotificationRequest request = otp("k1", h.now());
        h.send(request);
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary",
                null, "250 2.0.0", h.now()));
        h.dispatched(Channel.EMAIL, Priority.CRITICAL);
        h.routerOutcomes();

        h.replays.pipeInput(new TestRecord<>("n-acme-k1", request, replayHeaders(), h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDetail()).isEqualTo("already-sent");
        });
    }

    @Test
    void replayOfAParkedNotificationRoutesItAgainBypassingDedup() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, io.herald.contracts.HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, io.herald.contracts.HealthState.DOWN, h.now()));
        h.send(bulk("news", h.now()));
        var parked = h.parked(Channel.EMAIL).readValue();
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, io.herald.contracts.HealthState.HEALTHY, h.now()));
        h.routerOutcomes();

        h.replays.pipeInput(new TestRecord<>(parked.getNotificationId(), parked.getRequest(), replayHeaders(), h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).singleElement()
                .satisfies(r -> assertThat(r.value().getProviders()).containsExactly("smtp-primary"));
        List<DeliveryOutcome> outcomes = h.routerOutcomes();
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.REPLAYED, OutcomeStatus.ROUTED);
        assertThat(outcomes.get(0).getDetail()).isEqualTo("replay r-7 by auto-replayer");
        assertThat(h.ledger().get("n-acme-news").state()).isEqualTo("ROUTED");
    }

    @Test
    void replayOfAnExpiredNotificationExpiresIt() {
        NotificationRequest request = otp("k1", h.now());
        h.advance(Duration.ofMinutes(20));
        h.replays.pipeInput(new TestRecord<>("n-acme-k1", request, replayHeaders(), h.now()));
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.REPLAYED, OutcomeStatus.EXPIRED);
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
    }

    @Test
    void anExhaustionThatOvertakesTheIntakeIsActedOnWhenTheIntakeArrives() {
        // Straight into the ledger side, before the request side's intake for this id.
        exhausted("n-acme-k9", Channel.EMAIL, "smtp-primary", "451 4.3.2");
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
        h.send(otp("k9", h.now()));
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).hasSize(1);
    }

    @Test
    void anExhaustionWithoutAChannelIsRecordedButNeverBreaksTheLedger() {
        h.workerOutcomes.pipeInput("n-acme-k8", worker("n-acme-k8", OutcomeStatus.CHANNEL_EXHAUSTED, null, "smtp-primary",
                ErrorClass.TRANSIENT, "451 4.3.2", h.now()));
        h.send(otp("k8", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.ledger().get("n-acme-k8").pending()).isNull();
    }

    @Test
    void aDeferredStatusSaysWhenTheNextAttemptIsAndHowManyAreLeft() throws Exception {
        h.send(otp("k1", h.now()));
        java.time.Instant next = h.now().plusSeconds(10);
        h.workerOutcomes.pipeInput("n-acme-k1", DeliveryOutcome.newBuilder(worker("n-acme-k1", OutcomeStatus.DEFERRED, Channel.EMAIL,
                "smtp-secondary", ErrorClass.TRANSIENT, "451 4.3.2", h.now())).setNextAttemptAt(next).setAttemptsLeft(3).build());

        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(io.herald.router.http.StatusJson.of(h.ledger().get("n-acme-k1")));

        assertThat(status.path("state").asText()).isEqualTo("DEFERRED");
        assertThat(status.path("nextAttemptAt").asText()).isEqualTo(next.toString());
        assertThat(status.path("attemptsLeft").asInt()).isEqualTo(3);
        com.fasterxml.jackson.databind.JsonNode line = status.path("timeline").get(status.path("timeline").size() - 1);
        assertThat(line.path("status").asText()).isEqualTo("DEFERRED");
        assertThat(line.path("nextAttemptAt").asText()).isEqualTo(next.toString());
        assertThat(status.path("timeline").get(0).has("nextAttemptAt")).as("only DEFERRED lines carry it").isFalse();
    }

    @Test
    void theLedgerKeepsTheWorkerTimeline() {
        h.send(otp("k1", h.now()));
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.DEFERRED, Channel.EMAIL, "smtp-primary",
                ErrorClass.TRANSIENT, "451 4.3.2", h.now()));
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.SENT, Channel.EMAIL, "smtp-secondary",
                null, "250 2.0.0", h.now()));
        LedgerEntry entry = h.ledger().get("n-acme-k1");
        assertThat(entry.timeline()).extracting(t -> t.stage() + ":" + t.status())
                .containsExactly("ROUTER:ACCEPTED", "ROUTER:ROUTED", "WORKER:DEFERRED", "WORKER:SENT");
        assertThat(entry.state()).isEqualTo("SENT");
        assertThat(entry.provider()).isEqualTo("smtp-secondary");
    }

    @Test
    void replayOfAFailedNotificationIsSkippedWithoutASecondTerminalOutcome() {
        NotificationRequest request = otp("k1", h.now());
        h.send(request);
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.FAILED, Channel.EMAIL, "smtp-primary",
                ErrorClass.PERMANENT, "550 5.1.1", h.now()));
        h.dispatched(Channel.EMAIL, Priority.CRITICAL);
        h.routerOutcomes();

        h.replays.pipeInput(new TestRecord<>("n-acme-k1", request, replayHeaders(), h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDetail()).isEqualTo("already-failed");
            assertThat(o.getDecision().getRule()).isEqualTo("already-failed");
        });
        assertThat(h.ledger().get("n-acme-k1").state()).isEqualTo("FAILED");
    }

    @Test
    void replayOfARoutedNotificationIsSkippedAndNotDispatchedAgain() {
        NotificationRequest request = otp("k1", h.now());
        h.send(request);
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        h.routerOutcomes();

        h.replays.pipeInput(new TestRecord<>("n-acme-k1", request, replayHeaders(), h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDetail()).isEqualTo("not parked (ROUTED)");
        });
        assertThat(h.ledger().get("n-acme-k1").state()).isEqualTo("ROUTED");
    }

    @Test
    void replayOfAnUncertainNotificationIsSkippedUnlessTheOperatorAskedToResendIt() {
        NotificationRequest request = otp("k1", h.now());
        h.send(request);
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.UNCERTAIN, Channel.EMAIL, "smtp-primary",
                ErrorClass.TRANSIENT, null, h.now()));
        h.dispatched(Channel.EMAIL, Priority.CRITICAL);
        h.routerOutcomes();

        h.replays.pipeInput(new TestRecord<>("n-acme-k1", request, replayHeaders(), h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(o -> o.getDecision().getRule())
                .containsExactly("uncertain-needs-resend-flag");

        RecordHeaders resend = replayHeaders();
        HeraldHeaders.put(resend, HeraldHeaders.REPLAY_RESEND_UNCERTAIN, "true");
        h.replays.pipeInput(new TestRecord<>("n-acme-k1", request, resend, h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.REPLAYED, OutcomeStatus.ROUTED);
    }

    @Test
    void aSecondReleaseOfTheSameParkedRecordAfterItWasRoutedIsSkipped() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, io.herald.contracts.HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, io.herald.contracts.HealthState.DOWN, h.now()));
        h.send(bulk("news", h.now()));
        var parked = h.parked(Channel.EMAIL).readValue();
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, io.herald.contracts.HealthState.HEALTHY, h.now()));
        h.replays.pipeInput(new TestRecord<>(parked.getNotificationId(), parked.getRequest(), replayHeaders(), h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
        h.routerOutcomes();

        // An operator re-reads the whole parked topic.
        h.replays.pipeInput(new TestRecord<>(parked.getNotificationId(), parked.getRequest(), replayHeaders(), h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.SKIPPED);
    }

    private static RecordHeaders replayHeaders() {
        RecordHeaders headers = new RecordHeaders();
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_BY, "auto-replayer");
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_ID, "r-7");
        return headers;
    }
}
