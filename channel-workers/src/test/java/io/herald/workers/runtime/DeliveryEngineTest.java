package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.RetryTier;
import io.herald.workers.MutableClock;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import io.herald.workers.pacing.ProviderPacer;
import io.herald.workers.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryEngineTest {
    private static final AttemptResult SENT = new AttemptResult.Sent("250 2.0.0", 1);
    private static final AttemptResult DEFER_451 = failed(new Failure.SmtpReply(451, "4.3.2 Temporary server error"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final HealthView health = new HealthView();
    private final FakeProvider primary = new FakeProvider("smtp-primary", Channel.EMAIL, c -> SENT);
    private final FakeProvider secondary = new FakeProvider("smtp-secondary", Channel.EMAIL, c -> SENT);
    private final DeliveryEngine engine = new DeliveryEngine(List.of(primary, secondary),
            Map.of("smtp-primary", pacer("smtp-primary"), "smtp-secondary", pacer("smtp-secondary")), health,
            new RetryPolicy(RetryTier.parseList("10s,1m,10m"), 0.0), 1.0, clock, () -> 0.5, WorkerMetrics.noop());

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
    void whenEveryProviderDefersTheMessageGoesToTheNextRetryTier() throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DEFERRED, OutcomeStatus.DEFERRED);
        assertThat(d.retryTier().name()).isEqualTo("10s");
        assertThat(d.retry().getAttempt()).isEqualTo(2);
        assertThat(d.retry().getNotBefore()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(d.retry().getLastProviderCode()).isEqualTo("451 4.3.2");
    }

    @Test
    void afterTheLastTierTheChannelIsExhaustedWithTheLastCode() throws Exception {
        primary.answer(c -> DEFER_451);
        secondary.answer(c -> DEFER_451);

        Delivery d = engine.deliver(command(4));

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

    @Test
    void whenEveryProviderIsDownTheChannelIsExhaustedAtOnceWithoutAnAttempt() throws Exception {
        health.apply(health("smtp-primary", HealthState.DOWN));
        health.apply(health("smtp-secondary", HealthState.DOWN));

        Delivery d = engine.deliver(command(1));

        assertThat(d.outcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getDetail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.CHANNEL_EXHAUSTED, "all-providers-down"));
        assertThat(primary.sent).isEmpty();
        assertThat(secondary.sent).isEmpty();
    }

    @Test
    void aHalfOpenProviderGetsOnlyATrickle() throws Exception {
        health.apply(health("smtp-primary", HealthState.DOWN));
        health.apply(health("smtp-secondary", HealthState.HALF_OPEN));

        Delivery first = engine.deliver(command(1));
        Delivery second = engine.deliver(command(1));
        clock.advance(Duration.ofSeconds(1));
        Delivery third = engine.deliver(command(1));

        assertThat(first.outcomes().get(0).getStatus()).isEqualTo(OutcomeStatus.SENT);
        assertThat(second.outcomes().get(0).getDetail()).isEqualTo("waiting-for-half-open-provider");
        assertThat(second.retried()).isTrue();
        assertThat(third.outcomes().get(0).getStatus()).isEqualTo(OutcomeStatus.SENT);
        assertThat(secondary.sent).hasSize(2);
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

    private DispatchCommand command(int attempt) {
        DispatchCommand base = Samples.dispatch(Samples.otp("acme", "k-" + attempt, clock.instant()), Channel.EMAIL, "smtp-primary");
        return DispatchCommand.newBuilder(base).setAttempt(attempt).setProviders(List.of("smtp-primary", "smtp-secondary")).build();
    }

    private ProviderPacer pacer(String id) {
        return new ProviderPacer(id, 1000, 4, clock, d -> clock.advance(d));
    }

    private ProviderHealth health(String provider, HealthState state) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state).setSince(clock.instant())
                .setReason("test").setSource(HealthSource.OPERATOR).build();
    }

    private static AttemptResult failed(Failure failure) {
        return new AttemptResult.Failed(failure);
    }
}
