package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.Stage;
import io.herald.router.RouterConfig;
import io.herald.router.decision.Decider;
import io.herald.router.decision.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerdictsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T22:30:00Z");
    private static final Instant LATER = Instant.parse("2026-11-24T06:00:00Z");
    private static final RouterConfig CONFIG = RouterConfig.fromEnv(Map.of());
    private final Verdicts verdicts = new Verdicts(CONFIG.routing(), CONFIG.expiry());

    private static Decision.Dispatch dispatch(Instant notBefore) {
        return new Decision.Dispatch(Channel.EMAIL, List.of("smtp-primary"), Decider.RULE_QUIET_HOURS, false, notBefore,
                LATER.plusSeconds(3600), List.of());
    }

    static Stream<Arguments> deferrals() {
        return Stream.of(
                Arguments.of("dispatch without notBefore goes now", dispatch(null), null),
                Arguments.of("dispatch not before a later instant waits", dispatch(LATER), LATER),
                Arguments.of("dispatch not before now goes now", dispatch(NOW), null),
                Arguments.of("dispatch not before an earlier instant goes now", dispatch(NOW.minusSeconds(1)), null),
                Arguments.of("park never waits for quiet hours", new Decision.Park(Channel.EMAIL, "paused", "r"), null),
                Arguments.of("expiry never waits", new Decision.Expire(NOW, Decider.RULE_EXPIRED), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deferrals")
    void defersOnlyADispatchThatMayNotStartYet(String name, Decision decision, Instant expected) {
        assertThat(Verdicts.deferredUntil(decision, NOW).orElse(null)).isEqualTo(expected);
    }

    @Test
    void aDeferredDispatchIsOnlyADeferredOutcomeWithoutProvider() {
        var request = Fixtures.transactional("k1", NOW);
        List<Emit> emits = verdicts.carryOut(request, dispatch(LATER), Map.of(), NOW, Verdicts.Cause.firstRouting());
        assertThat(emits).singleElement().isInstanceOfSatisfying(Emit.Outcome.class, o -> {
            assertThat(o.outcome().getStatus()).isEqualTo(OutcomeStatus.DEFERRED);
            assertThat(o.outcome().getStage()).isEqualTo(Stage.ROUTER);
            assertThat(o.outcome().getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(o.outcome().getLane()).isEqualTo(Priority.TRANSACTIONAL);
            assertThat(o.outcome().getProvider()).isNull();
            assertThat(o.outcome().getDetail()).isEqualTo("quiet hours until 2026-11-24T06:00:00Z");
            assertThat(o.outcome().getDecision().getRule()).isEqualTo(Decider.RULE_QUIET_HOURS);
        });
    }

    @Test
    void aDispatchThatMayStartIsADispatchAndARoutedOutcome() {
        var request = Fixtures.transactional("k1", NOW);
        List<Emit> emits = verdicts.carryOut(request, dispatch(null), Map.of(), NOW, Verdicts.Cause.firstRouting());
        assertThat(emits).hasSize(2);
        assertThat(emits.get(0)).isInstanceOf(Emit.Dispatch.class);
        assertThat(emits.get(1)).isInstanceOfSatisfying(Emit.Outcome.class,
                o -> assertThat(o.outcome().getStatus()).isEqualTo(OutcomeStatus.ROUTED));
    }
}
