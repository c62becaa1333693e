package io.herald.replay.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.HealthState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatePolicyTest {

    @ParameterizedTest(name = "{0} with {1}/{2} deferred, unknown healthy={3} → open={4}")
    @CsvSource(delimiter = '|', value = {
            "HEALTHY   | 0   | 0  | true  | true  | open",
            "HEALTHY   | 100 | 10 | true  | true  | open",
            "HEALTHY   | 100 | 20 | true  | false | smtp-primary deferral ratio 0.20 >= 0.20 over 100 attempts",
            "HEALTHY   | 100 | 50 | true  | false | deferral ratio 0.50",
            "HEALTHY   | 19  | 19 | true  | true  | open",
            "HEALTHY   | 20  | 19 | true  | false | deferral ratio 0.95",
            "DEGRADED  | 0   | 0  | true  | false | smtp-primary is DEGRADED",
            "DOWN      | 100 | 0  | true  | false | smtp-primary is DOWN",
            "HALF_OPEN | 5   | 0  | true  | false | smtp-primary is HALF_OPEN",
            "          | 0   | 0  | true  | true  | open",
            "          | 0   | 0  | false | false | smtp-primary has no health record",
    })
    void opensOnlyForAHealthyProviderWithFewDeferrals(HealthState state, long attempts, long deferred, boolean unknownIsHealthy,
                                                      boolean open, String reason) {
        GateVerdict verdict = new GatePolicy(0.2, 20, unknownIsHealthy).decide("smtp-primary", state, attempts, deferred);
        assertThat(verdict.open()).isEqualTo(open);
        assertThat(verdict.reason()).contains(reason);
    }
}
