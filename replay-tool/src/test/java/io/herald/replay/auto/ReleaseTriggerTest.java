package io.herald.replay.auto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseTriggerTest {
    @ParameterizedTest(name = "{0} is tagged {1} and explained as ''{2}''")
    @CsvSource(delimiter = '|', value = {
            "RECOVERY|recovery|recovery: smtp-primary returned to HEALTHY from DOWN",
            "SWEEP|sweep|sweep: parked messages not yet released while smtp-primary is HEALTHY",
            "OPERATOR_RESUME|operator-resume|operator resume: RESUME_LANE by oncall (INC-42 over)"})
    void eachTriggerSaysWhatReallyStartedTheRelease(ReleaseTrigger trigger, String tag, String why) {
        String detail = switch (trigger) {
            case RECOVERY -> "DOWN";
            case SWEEP -> null;
            case OPERATOR_RESUME -> "RESUME_LANE by oncall (INC-42 over)";
        };
        assertThat(trigger.tag()).isEqualTo(tag);
        assertThat(trigger.why("smtp-primary", detail)).isEqualTo(why);
    }

    @ParameterizedTest(name = "only a recovery claims the provider returned to HEALTHY ({0})")
    @CsvSource({"SWEEP", "OPERATOR_RESUME"})
    void onlyARecoverySaysTheProviderReturned(ReleaseTrigger trigger) {
        assertThat(trigger.why("webhook", "x")).doesNotContain("returned to HEALTHY");
    }
}
