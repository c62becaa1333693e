package io.herald.runtime.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    @ParameterizedTest(name = "after {0} failure(s) in a row the loop waits {1} ms")
    @CsvSource({
            "1, 200",
            "2, 400",
            "3, 800",
            "8, 25600",
            "9, 30000",
            "10, 30000",
            "1000, 30000",
    })
    void doublesFromTheInitialDelayUpToTheCap(int failures, long millis) {
        assertThat(BACKOFF.delay(failures)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aCapBelowTheInitialDelayIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1S").hasMessageContaining("PT5S");
    }

    @Test
    void zeroFailuresHasNoDelayToAskFor() {
        assertThatThrownBy(() -> BACKOFF.delay(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consecutiveFailures");
    }
}
