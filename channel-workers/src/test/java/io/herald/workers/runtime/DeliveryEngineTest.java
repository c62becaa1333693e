package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.policy.choice.ProviderChoice;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.RetryLanes;
import io.herald.workers.MutableClock;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import io.herald.workers.pacing.ProviderPacer;
import io.herald.workers.retry.LaneRetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeliveryEngineTest {
    private static final int TRICKLE = 50;
    private static final AttemptResult SENT = new AttemptResult.Sent("250 2.0.0", 1);
    private static final AttemptResult DEFER_451 = failed(new Failure.SmtpReply(451, "4.3.2 Temporary server error"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final HealthView health = new HealthView();
    private final FakeProvider primary = new FakeProvider("smtp-primary", Channel.EMAIL, c -> SENT);
    private final FakeProvider secondary = new FakeProvider("smtp-secondary", Channel.EMAIL, c -> SENT);
    private final DeliveryEngine engine = new DeliveryEngine(List.of(primary, secondary),
            Map.of("smtp-primary", pacer("smtp-primary"), "smtp-secondary", pacer("smtp-secondary")), health,
            LaneRetryPolicy.of(RetryLanes.DEFAULTS, 0.0), TRICKLE, clock, () -> 0.5, WorkerMetrics.noop());

    @Test
    void aDeferralByThePrimaryIsDeliveredThroughTheSecondaryAtOnce() throws Exception {
        primary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider, DeliveryOutcome::getProviderCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, "smtp-primary", "451 4.3.2"),
                        org.assertj.core.groups.Tuple.tuple(OutcomeStatus.SENT, "smtp-secondary", "250 2.0.0"));
        // Exchange's 451 4.3.2 Temporary server error is outage evidence, not throttling.
        assertThat(d.outcomes().get(0).getErrorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(d.outcomes().get(0).getDetail()).isEqualTo("outage:exchange-temporary-server-error");
        assertThat(d.outcomes()).allSatisfy(o -> {
            assertThat(o.getStage()).isEqualTo(Stage.WORKER);
            assertThat(o.getAttempt()).isEqualTo(1);
            assertThat(o.getLatencyMs()).isNotNull();
            assertThat(o.getEventId()).isNotBlank();
        });
        assertThat(d.retried()).isFalse();
    }

    @Test
    void whenEveryProviderDefersATransactionalMessageGoesToTheNextRetryTier() throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(Priority.TRANSACTIONAL, false, 1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED, OutcomeStatus.DEFERRED);
        assertThat(d.retryTier().name()).isEqualTo("10s");
        assertThat(d.retry().getAttempt()).isEqualTo(2);
        assertThat(d.retry().getNotBefore()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(d.retry().getLastProviderCode()).isEqualTo("451 4.3.2");
        // The round's last DEFERRED says when the next attempt is and how many are left (10s, 1m, 10m within 15 minutes).
        assertThat(d.outcomes().get(0).getNextAttemptAt()).isNull();
        assertThat(d.outcomes().get(1).getNextAttemptAt()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(d.outcomes().get(1).getAttemptsLeft()).isEqualTo(3);
    }

    @Test
    void afterTheLastTierABulkMessageExhaustsTheChannelWithTheLastCode() throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(Priority.BULK, false, 4));

        DeliveryOutcome last = d.outcomes().get(d.outcomes().size() - 1);
        assertThat(last.getStatus()).isEqualTo(OutcomeStatus.CHANNEL_EXHAUSTED);
        assertThat(last.getDetail()).isEqualTo("retries-exhausted");
        assertThat(last.getProviderCode()).isEqualTo("451 4.3.2");
        assertThat(last.getAttempt()).isEqualTo(4);
        assertThat(d.retried()).isFalse();
    }

    @Test
    void aPermanentRejectionFailsOnceWithoutTryingAnotherProviderOrRetrying() throws Exception {
        primary.answer(c -> failed(new Failure.SmtpReply(550, "5.1.1 User unknown")));

        Delivery d = engine.deliver(command(1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.FAILED);
        assertThat(d.outcomes().get(0).getErrorClass()).isEqualTo(ErrorClass.PERMANENT);
        assertThat(secondary.sent).isEmpty();
        assertThat(d.retried()).isFalse();
    }

    @Test
    void anUncertainHandOverIsReportedAndNeverResent() throws Exception {
        primary.answer(c -> failed(new Failure.Io(IoKind.READ_TIMEOUT, true, "timeout")));

        Delivery d = engine.deliver(command(1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.UNCERTAIN);
        assertThat(secondary.sent).isEmpty();
        assertThat(d.retried()).isFalse();
    }

    @Test
    void downProvidersAreSkipped() throws Exception {
        health.apply(health("smtp-primary", HealthState.DOWN));

        Delivery d = engine.deliver(command(1));

        assertThat(primary.sent).isEmpty();
        assertThat(d.outcomes()).extracting(DeliveryOutcome::getProvider).containsExactly("smtp-secondary");
    }

    /** Rule (a): transactional and bulk (with or without fallback), and critical with a fallback. */
    @ParameterizedTest
    @EnumSource(Priority.class)
    void whenEveryProviderIsDownTheChannelIsExhaustedAtOnceWithoutAnAttempt(Priority lane) throws Exception {
        health.apply(health("smtp-primary", HealthState.DOWN));
        health.apply(health("smtp-secondary", HealthState.DOWN));

        Delivery d = engine.deliver(command(lane, true, 1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getDetail)
                .containsExactly(tuple(OutcomeStatus.CHANNEL_EXHAUSTED, "all-providers-down"));
        assertThat(d.retried()).isFalse();
        assertThat(primary.sent).isEmpty();
        assertThat(secondary.sent).isEmpty();
    }

    /** Issue 14: a message that waited on a retry tier while its recipient's mail service went DOWN is not tried again. */
    @ParameterizedTest
    @EnumSource(value = Priority.class, names = {"TRANSACTIONAL", "BULK"})
    void aMessageWhoseDestinationIsDownGoesBackToTheRouterWithoutAnAttempt(Priority lane) throws Exception {
        health.apply(destinationHealth("exchange-online", HealthState.DOWN));

        Delivery d = engine.deliver(DispatchCommand.newBuilder(command(lane, false, 2)).setDestination("exchange-online").build());

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getDetail, DeliveryOutcome::getDestination)
                .containsExactly(tuple(OutcomeStatus.CHANNEL_EXHAUSTED, "destination-down", "exchange-online"));
        assertThat(d.retried()).isFalse();
        assertThat(primary.sent).isEmpty();
        assertThat(secondary.sent).isEmpty();
    }

    @Test
    void aHalfOpenDestinationOrAnotherDestinationsOutageDoesNotHoldAMessageBack() throws Exception {
        health.apply(destinationHealth("exchange-online", HealthState.HALF_OPEN));
        health.apply(destinationHealth("google-workspace", HealthState.DOWN));

        Delivery d = engine.deliver(DispatchCommand.newBuilder(command(Priority.BULK, false, 1)).setDestination("exchange-online").build());

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider)
                .containsExactly(tuple(OutcomeStatus.SENT, "smtp-primary"));
    }

    @Test
    void bulkPastTheFailoverRampWaitsForItsSlotOnTheRetryTierWithoutAnAttemptWhileCriticalGoesAtOnce() throws Exception {
        DeliveryEngine ramped = new DeliveryEngine(List.of(primary, secondary),
                Map.of("smtp-primary", pacer("smtp-primary"), "smtp-secondary", pacer("smtp-secondary")), health,
                LaneRetryPolicy.of(RetryLanes.DEFAULTS, 0.0), TRICKLE, clock, () -> 0.5, WorkerMetrics.noop(),
                io.herald.policy.reply.ReplyRules.defaults(),
                new io.herald.workers.pacing.FailoverPacer(io.herald.policy.choice.FailoverRamp.parse("2/s,max@1m"), "smtp-primary", clock,
                        clock::advance, Duration.ofMillis(200)));
        health.apply(health("smtp-primary", HealthState.DOWN));

        Delivery first = ramped.deliver(withId(command(Priority.BULK, false, 1), "b-1"));
        Delivery second = ramped.deliver(withId(command(Priority.BULK, false, 1), "b-2"));
        Delivery code = ramped.deliver(withId(command(Priority.CRITICAL, true, 1), "c-1"));

        assertThat(first.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider)
                .containsExactly(tuple(OutcomeStatus.SENT, "smtp-secondary"));
        assertThat(second.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider, DeliveryOutcome::getDetail)
                .containsExactly(tuple(OutcomeStatus.DEFERRED, null, "failover-ramp until " + clock.instant().plusMillis(500)));
        assertThat(second.retried()).isTrue();
        assertThat(second.retry().getAttempt()).as("waiting for the ramp is not a failed round").isEqualTo(1);
        assertThat(second.retry().getNotBefore()).as("back a little before its slot").isEqualTo(clock.instant().plusMillis(300));
        assertThat(code.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.SENT);
        assertThat(secondary.sent).hasSize(2);
    }

    /** Rule (b): one failed round is the critical deadline when another channel exists. */
    @Test
    void aCriticalCodeWithAFallbackChannelIsHandedBackAfterOneRoundOfDeferrals() throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(Priority.CRITICAL, true, 1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider)
                .containsExactly(tuple(OutcomeStatus.DEFERRED, "smtp-primary"), tuple(OutcomeStatus.DEFERRED, "smtp-secondary"),
                        tuple(OutcomeStatus.CHANNEL_EXHAUSTED, "smtp-secondary"));
        assertThat(d.outcomes().get(2).getDetail()).isEqualTo("critical-deadline");
        assertThat(d.outcomes().get(2).getProviderCode()).isEqualTo("451 4.3.2");
        assertThat(d.retried()).isFalse();
        assertThat(primary.sent).hasSize(1);
        assertThat(secondary.sent).hasSize(1);
    }

    /** Throttling is pacing, not failure: a critical code whose providers all throttle stays on the channel. */
    @Test
    void aCriticalCodeWhoseProvidersAllThrottleWaitsOnTheCriticalTierInsteadOfLeavingTheChannel() throws Exception {
        AttemptResult throttled = failed(new Failure.SmtpReply(421,
                "4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel"));
        primary.answer(c -> throttled);
        secondary.answer(c -> throttled);

        Delivery d = engine.deliver(command(Priority.CRITICAL, true, 1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED, OutcomeStatus.DEFERRED);
        assertThat(d.outcomes()).extracting(DeliveryOutcome::getErrorClass).containsOnly(ErrorClass.THROTTLED);
        assertThat(d.retried()).isTrue();
        assertThat(d.retryTier().name()).isEqualTo("5s");
    }

    /** One outage reply in the round is enough for the critical deadline, even when the other provider throttles. */
    @Test
    void aCriticalCodeIsHandedBackWhenOneProviderThrottlesAndTheOtherIsInAnOutage() throws Exception {
        primary.answer(c -> failed(new Failure.SmtpReply(421,
                "4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel")));
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(Priority.CRITICAL, true, 1));

        assertThat(d.retried()).isFalse();
        assertThat(d.outcomes().get(d.outcomes().size() - 1).getStatus()).isEqualTo(OutcomeStatus.CHANNEL_EXHAUSTED);
        assertThat(d.outcomes().get(d.outcomes().size() - 1).getDetail()).isEqualTo("critical-deadline");
    }

    /** Rule (c): nowhere else to go, so the last critical tier repeats until expiry. */
    @Test
    void aCriticalCodeWithoutFallbackKeepsRetryingOnTheLastCriticalTierUntilItExpires() throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery early = engine.deliver(command(Priority.CRITICAL, false, 7));
        DispatchCommand nearExpiry = DispatchCommand.newBuilder(command(Priority.CRITICAL, false, 8))
                .setExpiresAt(clock.instant().plusSeconds(3)).build();
        Delivery late = engine.deliver(nearExpiry);

        assertThat(early.retryTier().name()).isEqualTo("5s");
        assertThat(early.retry().getAttempt()).isEqualTo(8);
        assertThat(early.retry().getNotBefore()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(late.retried()).isFalse();
        DeliveryOutcome last = late.outcomes().get(late.outcomes().size() - 1);
        assertThat(last.getStatus()).isEqualTo(OutcomeStatus.CHANNEL_EXHAUSTED);
        assertThat(last.getDetail()).isEqualTo("expires-before-next-retry");
    }

    /** Rule (c), all DOWN: it waits on the critical tier without an attempt. */
    @Test
    void aCriticalCodeWithoutFallbackWaitsOnItsTierWithoutAnAttemptWhileEveryProviderIsDown() throws Exception {
        health.apply(health("smtp-primary", HealthState.DOWN));
        health.apply(health("smtp-secondary", HealthState.DOWN));

        Delivery d = engine.deliver(command(Priority.CRITICAL, false, 1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider, DeliveryOutcome::getDetail)
                .containsExactly(tuple(OutcomeStatus.DEFERRED, null, "all-providers-down"));
        assertThat(d.retryTier().name()).isEqualTo("5s");
        assertThat(primary.sent).isEmpty();
        assertThat(secondary.sent).isEmpty();
    }

    /** Rule (d): transactional and bulk keep their tiers even with a fallback channel. */
    @ParameterizedTest
    @EnumSource(value = Priority.class, names = {"TRANSACTIONAL", "BULK"})
    void transactionalAndBulkWaitOnTheirFirstTierAfterARoundOfDeferralsEvenWithAFallback(Priority lane) throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(lane, true, 1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED, OutcomeStatus.DEFERRED);
        assertThat(d.retryTier().name()).isEqualTo("10s");
    }

    @Test
    void aHalfOpenProviderTakesItsTrickleShareFirstEvenWhileAHealthyOneCouldTakeIt() throws Exception {
        health.apply(health("smtp-secondary", HealthState.HALF_OPEN));

        Delivery probe = engine.deliver(withId(command(1), idInTrickle(true)));
        Delivery other = engine.deliver(withId(command(1), idInTrickle(false)));

        assertThat(probe.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.SENT, "smtp-secondary"));
        assertThat(other.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.SENT, "smtp-primary"));
        assertThat(secondary.sent).containsExactly(idInTrickle(true));
    }

    @Test
    void aNotificationOutsideTheTrickleWaitsWhenOnlyAHalfOpenProviderIsLeft() throws Exception {
        health.apply(health("smtp-primary", HealthState.DOWN));
        health.apply(health("smtp-secondary", HealthState.HALF_OPEN));

        Delivery d = engine.deliver(withId(command(Priority.TRANSACTIONAL, false, 1), idInTrickle(false)));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getDetail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, "waiting-for-half-open-provider"));
        assertThat(d.outcomes().get(0).getProvider()).isNull();
        assertThat(d.retried()).isTrue();
        assertThat(primary.sent).isEmpty();
        assertThat(secondary.sent).isEmpty();
    }

    @Test
    void theRoutersHintComesFirstAmongEquallyHealthyProviders() throws Exception {
        DispatchCommand hinted = DispatchCommand.newBuilder(command(1)).setProviderHint("smtp-secondary")
                .setProviders(List.of("smtp-secondary")).build();

        Delivery d = engine.deliver(hinted);

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getProvider).containsExactly("smtp-secondary");
        assertThat(primary.sent).isEmpty();
    }

    @Test
    void anExpiredCommandIsNeverDelivered() throws Exception {
        DispatchCommand expired = DispatchCommand.newBuilder(command(1)).setExpiresAt(clock.instant().minusSeconds(1)).build();

        Delivery d = engine.deliver(expired);

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.EXPIRED);
        assertThat(primary.sent).isEmpty();
    }

    @Test
    void outcomesCarryNoAddressOrContent() throws Exception {
        primary.answer(c -> DEFER_451);
        Delivery d = engine.deliver(command(1));

        assertThat(d.outcomes()).allSatisfy(o -> assertThat(o.toString()).doesNotContain("ada@example.com").doesNotContain("123456"));
    }

    private DispatchCommand command(Priority lane, boolean fallback, int attempt) {
        return DispatchCommand.newBuilder(command(attempt)).setLane(lane).setFallbackChannels(fallback ? List.of(Channel.SMS) : List.of())
                .build();
    }

    /** A critical one-time code with SMS as its fallback channel. */
    private DispatchCommand command(int attempt) {
        DispatchCommand base = Samples.dispatch(Samples.otp("acme", "k-" + attempt, clock.instant()), Channel.EMAIL, "smtp-primary");
        return DispatchCommand.newBuilder(base).setAttempt(attempt).setProviders(List.of("smtp-primary", "smtp-secondary")).build();
    }

    private static DispatchCommand withId(DispatchCommand command, String notificationId) {
        return DispatchCommand.newBuilder(command).setNotificationId(notificationId).build();
    }

    /** A notification id inside (or outside) the half-open trickle share, by the one provider-choice rule. */
    private static String idInTrickle(boolean inside) {
        return java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "n-" + i)
                .filter(id -> ProviderChoice.inTrickle(id, TRICKLE) == inside).findFirst().orElseThrow();
    }

    private ProviderPacer pacer(String id) {
        return new ProviderPacer(id, 1000, 4, clock, d -> clock.advance(d));
    }

    private ProviderHealth health(String provider, HealthState state) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state).setSince(clock.instant())
                .setReason("test").setSource(HealthSource.OPERATOR).build();
    }

    private ProviderHealth destinationHealth(String destination, HealthState state) {
        return ProviderHealth.newBuilder(health("destination:" + destination, state)).setDestination(destination).build();
    }

    private static AttemptResult failed(Failure failure) {
        return new AttemptResult.Failed(failure);
    }
}
