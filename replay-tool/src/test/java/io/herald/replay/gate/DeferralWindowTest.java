package io.herald.replay.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeferralWindowTest {
    private final AtomicLong now = new AtomicLong(1_000_000L);

    @Test
    void countsAttemptsAndDeferralsInsideTheWindowOnly() {
        DeferralWindow window = new DeferralWindow(Duration.ofSeconds(60), now::get);
        window.record(now.get(), true);
        window.record(now.get(), false);
        window.record(now.get() - 120_000, true);
        assertThat(window.attempts()).isEqualTo(2);
        assertThat(window.deferred()).isEqualTo(1);

        now.addAndGet(30_000);
        window.record(now.get(), false);
        assertThat(window.attempts()).isEqualTo(3);

        now.addAndGet(45_000);
        assertThat(window.attempts()).as("the first two fell out of the window").isEqualTo(1);
        assertThat(window.deferred()).isZero();
    }
}
