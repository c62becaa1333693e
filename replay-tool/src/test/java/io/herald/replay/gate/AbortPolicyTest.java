package io.herald.replay.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.OutcomeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AbortPolicyTest {

    @ParameterizedTest(name = "{0} ok / {1} failed → abort={2}")
    @CsvSource({
            "0,   0,  false",
            "0,   9,  false",
            "0,   10, true",
            "90,  10, false",
            "89,  11, true",
            "100, 0,  false",
            "50,  50, true",
    })
    void abortsWhenTheFailureRatioOfKnownOutcomesPassesTheLimit(long successes, long failures, boolean abort) {
        String reason = new AbortPolicy(0.1, 10).decide(successes, failures);
        assertThat(reason != null).isEqualTo(abort);
        if (abort) assertThat(reason).startsWith("failure ratio").contains("> 0.10");
    }

    @Test
    void neverAbortsWithTheNeverPolicy() {
        assertThat(AbortPolicy.NEVER.decide(0, 1_000_000)).isNull();
    }

    @Test
    void countsOnlyTheFirstDecisiveOutcomeOfMessagesThisReplaySent() {
        ReplayedOutcomes outcomes = new ReplayedOutcomes();
        outcomes.replayed("n-1");
        outcomes.replayed("n-2");
        outcomes.replayed("n-3");
        outcomes.observe("n-1", OutcomeStatus.REPLAYED);
        outcomes.observe("n-1", OutcomeStatus.DEFERRED);
        outcomes.observe("n-1", OutcomeStatus.SENT);
        outcomes.observe("n-1", OutcomeStatus.SENT);
        outcomes.observe("n-2", OutcomeStatus.CHANNEL_EXHAUSTED);
        outcomes.observe("n-2", OutcomeStatus.PARKED);
        outcomes.observe("n-3", OutcomeStatus.SKIPPED);
        outcomes.observe("n-other", OutcomeStatus.FAILED);

        assertThat(outcomes.successes()).isEqualTo(1);
        assertThat(outcomes.failures()).isEqualTo(1);
    }
}
