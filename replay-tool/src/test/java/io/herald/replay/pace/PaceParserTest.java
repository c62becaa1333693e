package io.herald.replay.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaceParserTest {

    @ParameterizedTest(name = "{0} = {1}/s")
    @CsvSource({"50/s, 50", "3000/m, 50", "7200/h, 2", "2.5/s, 2.5", "120/min, 2", "10 / sec, 10"})
    void parsesRatesInAnyUnit(String expression, double perSecond) {
        assertThat(((Pace.Rate) PaceParser.parse(expression)).perSecond()).isCloseTo(perSecond, within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10%/5m, 10, PT5M", "25%/30s, 25, PT30S", "100%/1h, 100, PT1H", "12.5%/500ms, 12.5, PT0.5S", "10%/PT2M, 10, PT2M"})
    void parsesWaves(String expression, String percent, String interval) {
        Pace.Waves waves = (Pace.Waves) PaceParser.parse(expression);
        assertThat(waves.percent()).isEqualByComparingTo(new BigDecimal(percent));
        assertThat(waves.interval()).isEqualTo(Duration.parse(interval));
    }

    @Test
    void parsesARampThatClimbsLinearlyThenHolds() {
        Pace ramp = PaceParser.parse("10/s..110/s@10m");
        assertThat(ramp.rateAt(Duration.ZERO)).isEqualTo(10);
        assertThat(ramp.rateAt(Duration.ofMinutes(5))).isCloseTo(60, within(1e-9));
        assertThat(ramp.rateAt(Duration.ofMinutes(10))).isEqualTo(110);
        assertThat(ramp.rateAt(Duration.ofHours(1))).isEqualTo(110);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fast       | expected a rate like 50/s",
            "0/s        | the rate must be positive",
            "50/week    | expected a rate like 50/s",
            "0%/5m      | the percentage must be in (0, 100]",
            "150%/5m    | the percentage must be in (0, 100]",
            "10%/soon   | 'soon' is not a duration",
            "10%        | expected waves like 10%/5m",
            "1/s..x/s@5m | expected a rate like 50/s",
    })
    void rejectsBadPacesNamingThem(String expression, String problem) {
        assertThatThrownBy(() -> PaceParser.parse(expression))
                .isInstanceOf(PaceException.class)
                .hasMessageContaining("bad pace '" + expression + "'")
                .hasMessageContaining(problem);
    }

    @Test
    void pacesPrintAsTheyAreWritten() {
        assertThat(PaceParser.parse("10%/5m")).hasToString("10%/5m");
        assertThat(PaceParser.parse("50/s")).hasToString("50/s");
        assertThat(PaceParser.parse("10/s..100/s@10m")).hasToString("10/s..100/s@10m");
    }
}
