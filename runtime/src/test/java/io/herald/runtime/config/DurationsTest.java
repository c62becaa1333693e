package io.herald.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"250ms,250", "10s,10000", "5m,300000", "2h,7200000", "7d,604800000", "PT30S,30000", "p7d,604800000",
            "0,0", " 15m ,900000"})
    void readsTheOneGrammar(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "10", "10x", "s", "-5s", "1.5h", "P", "10 minutes"})
    void refusesAnythingElseSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("250ms, 10s, 5m, 2h, 7d");
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"604800000,7d", "7200000,2h", "90000,90s", "300000,5m", "250,250ms", "0,0"})
    void formatsInTheSameGrammar(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
