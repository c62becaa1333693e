package io.herald.policy.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReconciliationTest {
    private static final Instant T0 = Instant.parse("2026-01-22T19:33:00Z");
    private static final Instant SETTLED = T0.plusSeconds(60);

    /** Where one notification ends up, given its timeline (seconds after T0). */
    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("sent", List.of(ev("ROUTED", 1), ev("SENT", 2)), "terminal:SENT"),
                Arguments.of("sent after deferrals and a failover", List.of(ev("ROUTED", 1), ev("DEFERRED", 2),
                        ev("CHANNEL_EXHAUSTED", 3), ev("FAILED_OVER", 3), ev("SENT", 4)), "terminal:SENT"),
                Arguments.of("expired while parked", List.of(ev("PARKED", 1), ev("EXPIRED", 40)), "terminal:EXPIRED"),
                Arguments.of("suppressed by consent", List.of(ev("SUPPRESSED", 1)), "terminal:SUPPRESSED"),
                Arguments.of("failed permanently", List.of(ev("ROUTED", 1), ev("FAILED", 2)), "terminal:FAILED"),
                Arguments.of("delivered confirms a send", List.of(ev("SENT", 2), ev("DELIVERED", 5)), "terminal:SENT"),
                Arguments.of("a retried copy dropped as a duplicate of a sent one", List.of(ev("ROUTED", 1), ev("DUPLICATE", 2),
                        ev("SENT", 3)), "terminal:SENT"),
                Arguments.of("a copy with an id of its own, dropped", List.of(ev("DUPLICATE", 1)), "terminal:DUPLICATE"),
                Arguments.of("a retried copy dropped while the original is parked", List.of(ev("PARKED", 1), ev("DUPLICATE", 2)),
                        "parked"),
                Arguments.of("still parked", List.of(ev("ROUTED", 1), ev("CHANNEL_EXHAUSTED", 5), ev("PARKED", 6)), "parked"),
                Arguments.of("released and routed again recently", List.of(ev("PARKED", 6), ev("REPLAYED", 70)), "inFlight"),
                Arguments.of("deferred long ago and never heard of again", List.of(ev("ROUTED", 1), ev("DEFERRED", 2)), "lost"),
                Arguments.of("no event at all", List.of(), "lost"),
                Arguments.of("replay released it, then silence", List.of(ev("PARKED", 6), ev("REPLAYED", 30)), "lost"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("verdicts")
    void placesEachAcceptedNotificationByItsTimeline(String name, List<DeliveryOutcome> timeline, String expected) {
        ReconciliationReport report = Reconciliation.reconcile(List.of(new Accepted("n-1", T0)), withId("n-1", timeline),
                List.of(), SETTLED);

        String verdict = report.terminalOf().containsKey("n-1") ? "terminal:" + report.terminalOf().get("n-1")
                : report.parked().contains("n-1") ? "parked" : report.inFlight().contains("n-1") ? "inFlight"
                : report.lost().contains("n-1") ? "lost" : "nowhere";
        assertThat(verdict).isEqualTo(expected);
        assertThat(report.accepted()).isEqualTo(1);
    }

    @Test
    void aNotificationAcceptedAfterTheSettleInstantWithNoEventYetIsInFlightNotLost() {
        ReconciliationReport report = Reconciliation.reconcile(List.of(new Accepted("late", SETTLED.plusSeconds(1))),
                List.of(), List.of(), SETTLED);

        assertThat(report.inFlight()).containsExactly("late");
        assertThat(report.lost()).isEmpty();
    }

    @Test
    void countsTerminalStatesAndIgnoresOutcomesOfNotificationsItWasNotGiven() {
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        outcomes.addAll(withId("a", List.of(ev("SENT", 2))));
        outcomes.addAll(withId("b", List.of(ev("SENT", 3))));
        outcomes.addAll(withId("c", List.of(ev("EXPIRED", 3))));
        outcomes.addAll(withId("other-run", List.of(ev("FAILED", 3))));

        ReconciliationReport report = Reconciliation.reconcile(accepted("a", "b", "c"), outcomes, List.of(), SETTLED);

        assertThat(report.terminalCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(OutcomeStatus.SENT, 2L, OutcomeStatus.EXPIRED, 1L));
        assertThat(report.terminal()).isEqualTo(3);
        assertThat(report.clean()).isTrue();
    }

    @Test
    void aNotificationSentByEmailAndAgainBySmsHasTwoTerminalStates() {
        List<DeliveryOutcome> outcomes = withId("a", List.of(ev("SENT", 2), ev("SENT", 9)));

        ReconciliationReport report = Reconciliation.reconcile(accepted("a"), outcomes, List.of(), SETTLED);

        assertThat(report.multipleTerminal()).containsEntry("a", List.of(OutcomeStatus.SENT, OutcomeStatus.SENT));
        assertThat(report.clean()).isFalse();
    }

    @Test
    void theSameEventReadTwiceIsOneEvent() {
        DeliveryOutcome sent = withId("a", List.of(ev("SENT", 2))).get(0);

        ReconciliationReport report = Reconciliation.reconcile(accepted("a"), List.of(sent, sent), List.of(), SETTLED);

        assertThat(report.multipleTerminal()).isEmpty();
        assertThat(report.terminalCounts()).containsEntry(OutcomeStatus.SENT, 1L);
    }

    @Test
    void findsMessagesASinkReceivedTwiceAcrossSinksAndDeliveriesOfUnknownNotifications() {
        List<SinkDelivery> deliveries = List.of(
                new SinkDelivery("a", "smtp-primary", T0.plusSeconds(2)),
                new SinkDelivery("b", "smtp-primary", T0.plusSeconds(2)),
                new SinkDelivery("b", "sms", T0.plusSeconds(4)),
                new SinkDelivery("c", "sms", T0.plusSeconds(4)),
                new SinkDelivery("c", "sms", T0.plusSeconds(5)),
                new SinkDelivery("c", "sms", T0.plusSeconds(6)),
                new SinkDelivery("stray", "smtp-secondary", T0.plusSeconds(6)));

        ReconciliationReport report = Reconciliation.reconcile(accepted("a", "b", "c"), List.of(), deliveries, SETTLED);

        assertThat(report.sinkDuplicates()).containsExactlyInAnyOrderEntriesOf(Map.of("b", 2, "c", 3));
        assertThat(report.unknownDeliveries()).containsExactly("stray");
    }

    @Test
    void acceptedTwiceUnderTheSameIdCountsOnce() {
        ReconciliationReport report = Reconciliation.reconcile(List.of(new Accepted("a", T0), new Accepted("a", T0.plusSeconds(1))),
                withId("a", List.of(ev("SENT", 2))), List.of(), SETTLED);

        assertThat(report.accepted()).isEqualTo(1);
    }

    private static List<Accepted> accepted(String... ids) {
        return Stream.of(ids).map(id -> new Accepted(id, T0)).toList();
    }

    /** An event without its notification id yet: status and seconds after T0. */
    private static DeliveryOutcome ev(String status, int seconds) {
        return DeliveryOutcome.newBuilder().setEventId("?").setNotificationId("?").setTenantId("demo")
                .setAt(T0.plusSeconds(seconds)).setStage(Stage.ROUTER).setStatus(OutcomeStatus.valueOf(status))
                .setChannel(Channel.EMAIL).setLane(Priority.CRITICAL).build();
    }

    private static List<DeliveryOutcome> withId(String id, List<DeliveryOutcome> timeline) {
        List<DeliveryOutcome> out = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            DeliveryOutcome e = DeliveryOutcome.newBuilder(timeline.get(i)).setNotificationId(id).setEventId(id + "-" + i).build();
            out.add(e);
        }
        return out;
    }
}
