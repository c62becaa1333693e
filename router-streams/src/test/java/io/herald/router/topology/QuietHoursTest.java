package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.otp;
import static io.herald.router.topology.Fixtures.transactional;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import io.herald.contracts.Stage;
import io.herald.router.decision.ChannelChooser;
import io.herald.router.decision.Decider;
import io.herald.router.http.StatusJson;
import io.herald.schemas.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours defer transactional and bulk mail through the ledger's schedule instead of a lane:
 * nothing is dispatched until the window ends, and then the notification is decided afresh.
 */
class QuietHoursTest {
    /** The sample preference's window, 22:00–07:00 Europe/Paris, ends at 06:00 UTC in November. */
    private static final Instant WINDOW_END = Instant.parse("2026-11-24T06:00:00Z");

    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** Quiet nights, and no opt-outs: only the quiet window stands between the mail and its recipient. */
    private RecipientPreference quietNights() {
        RecipientPreference pref = Samples.preference("acme", "u-1", h.now());
        pref.setOptOuts(List.of());
        pref.setConsents(List.of());
        return pref;
    }

    /** 22:30 UTC, 23:30 in Paris: inside the window. */
    private void intoTheNight() {
        h.preferences.pipeInput("acme/u-1", quietNights());
        h.advance(Duration.ofHours(12).plusMinutes(30));
    }

    private void advanceTo(Instant instant) {
        h.advance(Duration.between(h.now(), instant));
    }

    private List<KeyValue<String, String>> scheduled() {
        List<KeyValue<String, String>> lines = new ArrayList<>();
        try (KeyValueIterator<String, String> it = h.schedule().all()) {
            it.forEachRemaining(lines::add);
        }
        return lines;
    }

    private List<String> timeline(String notificationId) {
        return h.ledger().get(notificationId).timeline().stream().map(TimelineEntry::status).toList();
    }

    @Test
    void transactionalMailInQuietHoursIsDeferredAndDispatchedOnceWhenTheWindowEnds() {
        intoTheNight();
        h.send(transactional("night", h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.DEFERRED);
            assertThat(o.getStage()).isEqualTo(Stage.ROUTER);
            assertThat(o.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(o.getProvider()).isNull();
            assertThat(o.getDecision().getRule()).isEqualTo(Decider.RULE_QUIET_HOURS);
            assertThat(o.getDetail()).isEqualTo("quiet hours until 2026-11-24T06:00:00Z");
            assertThat(o.getNextAttemptAt()).isEqualTo(WINDOW_END);
        });
        LedgerEntry deferred = h.ledger().get("n-acme-night");
        assertThat(deferred.state()).isEqualTo("DEFERRED");
        assertThat(deferred.terminal()).isFalse();
        assertThat(deferred.dueAtMs()).isEqualTo(WINDOW_END.toEpochMilli());
        assertThat(StatusJson.of(deferred)).contains("\"state\":\"DEFERRED\"", "\"terminal\":false",
                "\"status\":\"DEFERRED\"", "\"detail\":\"quiet hours until 2026-11-24T06:00:00Z\"",
                "\"nextAttemptAt\":\"2026-11-24T06:00:00Z\"");
        assertThat(scheduled()).extracting(kv -> kv.value).containsExactly("n-acme-night");

        advanceTo(WINDOW_END.minusSeconds(60));
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();

        advanceTo(WINDOW_END);
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("n-acme-night");
            assertThat(r.value().getAddress()).isEqualTo("ada@example.com");
            assertThat(r.value().getNotBefore()).isNull();
            assertThat(r.value().getRouteHistory()).singleElement()
                    .satisfies(step -> assertThat(step.getStatus()).isEqualTo(OutcomeStatus.ROUTED));
        });
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.ROUTED);
            assertThat(o.getDecision().getRule()).isEqualTo(ChannelChooser.PRIMARY);
            assertThat(o.getAt()).isEqualTo(WINDOW_END);
        });
        LedgerEntry routed = h.ledger().get("n-acme-night");
        assertThat(routed.state()).isEqualTo("ROUTED");
        assertThat(routed.dueAtMs()).isNull();
        assertThat(timeline("n-acme-night")).containsExactly("ACCEPTED", "DEFERRED", "ROUTED");
        assertThat(StatusJson.of(routed)).contains("\"state\":\"ROUTED\"", "quiet hours until 2026-11-24T06:00:00Z");
        assertThat(scheduled()).isEmpty();

        h.advance(Duration.ofDays(1));
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).isEmpty();
    }

    @Test
    void criticalMailInQuietHoursIsDispatchedAtOnce() {
        intoTheNight();
        h.send(otp("night-otp", h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getNotBefore()).isNull());
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.ROUTED);
        assertThat(h.ledger().get("n-acme-night-otp").dueAtMs()).isNull();
        assertThat(scheduled()).isEmpty();
    }

    @Test
    void quietHoursThatOutlastTheExpiryExpireItAtOnce() {
        intoTheNight();
        NotificationRequest receipt = transactional("short", h.now());
        receipt.setExpiresAt(WINDOW_END.minusSeconds(1));
        h.send(receipt);

        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.EXPIRED);
            assertThat(o.getDecision().getRule()).isEqualTo(Decider.RULE_QUIET_OUTLASTS_EXPIRY);
        });
        assertThat(scheduled()).isEmpty();
        advanceTo(WINDOW_END.plusSeconds(60));
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).isEmpty();
    }

    @Test
    void aDeferredNotificationWhoseExpiryPassesBeforeItIsRoutedExpires() {
        intoTheNight();
        NotificationRequest receipt = transactional("tight", h.now());
        receipt.setExpiresAt(WINDOW_END.plusSeconds(3));
        h.send(receipt);
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED);

        // The router only gets to it a minute after the window ended (e.g. it was restarting): too late.
        advanceTo(WINDOW_END.plusSeconds(60));

        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.EXPIRED);
            assertThat(o.getDecision().getRule()).isEqualTo(Decider.RULE_EXPIRED);
        });
        assertThat(h.ledger().get("n-acme-tight").terminal()).isTrue();
        assertThat(scheduled()).isEmpty();
    }

    @Test
    void aLongerQuietWindowSetWhileDeferredThatOutlastsTheExpiryExpiresItAtDueTime() {
        intoTheNight();
        NotificationRequest receipt = transactional("moved", h.now());
        receipt.setExpiresAt(WINDOW_END.plus(Duration.ofHours(1)));
        h.send(receipt);
        h.routerOutcomes();

        h.preferences.pipeInput("acme/u-1", withQuietHours(quietNights(), 22 * 60, 9 * 60)); // now ends 08:00 UTC
        advanceTo(WINDOW_END);

        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.EXPIRED);
            assertThat(o.getDecision().getRule()).isEqualTo(Decider.RULE_QUIET_OUTLASTS_EXPIRY);
        });
        assertThat(scheduled()).isEmpty();
    }

    @Test
    void anOptOutPublishedWhileDeferredSuppressesItAtDueTime() {
        intoTheNight();
        h.send(bulk("news", h.now()));
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED);

        h.preferences.pipeInput("acme/u-1", Samples.preference("acme", "u-1", h.now())); // opts out of email newsletters
        advanceTo(WINDOW_END);

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SUPPRESSED);
            assertThat(o.getDecision().getRule()).isEqualTo(Decider.RULE_OPTED_OUT);
        });
        assertThat(h.ledger().get("n-acme-news").state()).isEqualTo("SUPPRESSED");
        assertThat(timeline("n-acme-news")).containsExactly("ACCEPTED", "DEFERRED", "SUPPRESSED");
        assertThat(scheduled()).isEmpty();
    }

    @Test
    void bulkDeferredWhileItsProvidersGoDownParksAtDueTime() {
        intoTheNight();
        h.send(bulk("news", h.now()));
        h.routerOutcomes();

        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, HealthState.DOWN, h.now()));
        advanceTo(WINDOW_END);

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).singleElement().satisfies(p -> {
            assertThat(p.getReason()).isEqualTo(ChannelChooser.NO_HEALTHY_PROVIDER);
            assertThat(p.getNotificationId()).isEqualTo("n-acme-news");
            assertThat(p.getParkedAt()).isEqualTo(WINDOW_END);
        });
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.PARKED);
            assertThat(o.getDecision().getRule()).isEqualTo(ChannelChooser.BULK_PARKS);
            assertThat(o.getDecision().getHealthStates()).containsEntry("smtp-primary", "DOWN");
        });
        assertThat(timeline("n-acme-news")).containsExactly("ACCEPTED", "DEFERRED", "PARKED");
    }

    @Test
    void aNewQuietWindowAtDueTimeDefersItAgainOnceAndThenDispatches() {
        intoTheNight();
        h.send(bulk("news", h.now()));
        h.routerOutcomes();

        // The recipient now sleeps in: 05:00–09:00 Paris, so at 07:00 Paris it is quiet until 08:00 UTC.
        h.preferences.pipeInput("acme/u-1", withQuietHours(quietNights(), 5 * 60, 9 * 60));
        advanceTo(WINDOW_END);

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.DEFERRED);
            assertThat(o.getDetail()).isEqualTo("quiet hours until 2026-11-24T08:00:00Z");
        });
        assertThat(scheduled()).singleElement().satisfies(kv ->
                assertThat(kv.key).isEqualTo(DeferralSchedule.key(Instant.parse("2026-11-24T08:00:00Z").toEpochMilli(),
                        "n-acme-news")));

        h.advance(Duration.ofMinutes(30));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).isEmpty();

        advanceTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
        assertThat(timeline("n-acme-news")).containsExactly("ACCEPTED", "DEFERRED", "DEFERRED", "ROUTED");
        assertThat(scheduled()).isEmpty();
    }

    @Test
    void aReplayWhileDeferredIsSkippedAndTheScheduleStillDispatchesOnce() {
        intoTheNight();
        NotificationRequest news = bulk("news", h.now());
        h.send(news);
        h.advance(Duration.ofHours(1));

        // Deferred is not parked: a replay must not route it (ReplayAdmission), the schedule stays as it was.
        h.replays.pipeInput(new TestRecord<>("n-acme-news", news, new RecordHeaders(), h.now()));
        h.replays.pipeInput(new TestRecord<>("n-acme-news", news, new RecordHeaders(), h.now()));

        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED,
                OutcomeStatus.SKIPPED, OutcomeStatus.SKIPPED);
        assertThat(scheduled()).extracting(kv -> kv.value).containsExactly("n-acme-news");

        advanceTo(WINDOW_END);
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
        h.advance(Duration.ofHours(1));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
    }

    @Test
    void aReplayOfADeferredNotificationDoesNotCancelItsScheduledRouting() {
        intoTheNight();
        NotificationRequest news = bulk("news", h.now());
        h.send(news);

        RecipientPreference noQuietHours = quietNights();
        noQuietHours.setQuietHours(null);
        h.preferences.pipeInput("acme/u-1", noQuietHours);
        h.replays.pipeInput(new TestRecord<>("n-acme-news", news, new RecordHeaders(), h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(scheduled()).hasSize(1);

        advanceTo(WINDOW_END.plusSeconds(60));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
        assertThat(timeline("n-acme-news")).containsExactly("ACCEPTED", "DEFERRED", "SKIPPED", "ROUTED");
    }

    @Test
    void aNotificationSentMeanwhileIsNotRoutedAtDueTime() {
        intoTheNight();
        h.send(transactional("night", h.now()));
        h.workerOutcomes.pipeInput("n-acme-night", worker("n-acme-night", OutcomeStatus.SENT, Channel.EMAIL,
                "smtp-primary", null, "250 2.0.0", h.now()));

        advanceTo(WINDOW_END);
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED);
        assertThat(h.ledger().get("n-acme-night").state()).isEqualTo("SENT");
        assertThat(h.ledger().get("n-acme-night").dueAtMs()).isNull();
        assertThat(scheduled()).isEmpty();
    }

    @Test
    void aFailoverDeferredByQuietHoursStaysOffTheExhaustedChannel() {
        h.preferences.pipeInput("acme/u-1", quietNights());
        NotificationRequest receipt = transactional("receipt", h.now());
        receipt.setAllowChannelFallback(true);
        h.send(receipt); // 11:00 in Paris: routed by email at once
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).hasSize(1);

        h.advance(Duration.ofHours(12).plusMinutes(30));
        h.workerOutcomes.pipeInput("n-acme-receipt", worker("n-acme-receipt", OutcomeStatus.CHANNEL_EXHAUSTED,
                Channel.EMAIL, "smtp-secondary", ErrorClass.TRANSIENT, "451 4.3.2", h.now()));
        assertThat(h.dispatched(Channel.SMS, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(o -> o.getStatus() + " " + o.getChannel())
                .containsExactly("ROUTED EMAIL", "DEFERRED SMS");

        advanceTo(WINDOW_END);
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.TRANSACTIONAL)).singleElement().satisfies(r -> {
            assertThat(r.value().getAddress()).isEqualTo("+14155550100");
            assertThat(r.value().getLastProviderCode()).isEqualTo("451 4.3.2");
        });
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.FAILED_OVER);
            assertThat(o.getDecision().getRule()).isEqualTo(ChannelChooser.TRANSACTIONAL_FALLBACK);
        });
        assertThat(timeline("n-acme-receipt")).containsExactly("ACCEPTED", "ROUTED", "CHANNEL_EXHAUSTED", "DEFERRED", "FAILED_OVER");
    }

    private static RecipientPreference withQuietHours(RecipientPreference pref, int startMinute, int endMinute) {
        pref.setQuietHours(QuietHours.newBuilder().setStartMinute(startMinute).setEndMinute(endMinute)
                .setTimezone("Europe/Paris").build());
        return pref;
    }
}
