package io.herald.router.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayAdmissionTest {
    @ParameterizedTest(name = "a replay of a notification in state {0} (resend-uncertain {1}) is {2}")
    @CsvSource(nullValues = "null", value = {
            "null,              false, admitted",
            "PARKED,            false, admitted",
            "PARKED,            true,  admitted",
            "SENT,              false, already-sent",
            "DELIVERED,         true,  already-sent",
            "EXPIRED,           false, already-expired",
            "FAILED,            false, already-failed",
            "SUPPRESSED,        false, already-suppressed",
            "DUPLICATE,         false, already-duplicate",
            "UNCERTAIN,         false, uncertain-needs-resend-flag",
            "UNCERTAIN,         true,  admitted",
            "ROUTED,            false, not-parked",
            "ROUTED,            true,  not-parked",
            "DEFERRED,          false, not-parked",
            "FAILED_OVER,       false, not-parked",
            "CHANNEL_EXHAUSTED, false, not-parked",
    })
    void admitsOnlyParkedUnknownOrExplicitlyResentUncertainNotifications(String state, boolean resendUncertain,
                                                                          String expected) {
        Optional<ReplayAdmission.Refusal> refusal = ReplayAdmission.refusal(state, resendUncertain);
        assertThat(refusal.map(ReplayAdmission.Refusal::rule).orElse("admitted")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "the SKIPPED detail for {0} names the state")
    @CsvSource({"ROUTED", "FAILED_OVER"})
    void theDetailOfAnInFlightRefusalNamesTheState(String state) {
        assertThat(ReplayAdmission.refusal(state, false)).get()
                .satisfies(r -> assertThat(r.detail()).isEqualTo("not parked (" + state + ")"));
    }
}
