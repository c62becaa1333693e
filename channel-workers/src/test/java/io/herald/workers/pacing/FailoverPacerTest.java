package io.herald.workers.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.policy.choice.FailoverRamp;
import io.herald.workers.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FailoverPacerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final AtomicReference<HealthState> primary = new AtomicReference<>(HealthState.DOWN);
    private final FailoverPacer pacer = new FailoverPacer(FailoverRamp.parse("2/s,max@20s"), "smtp-primary", clock, clock::advance);

    /** Sends {@code n} bulk messages to the secondary; returns the (simulated) time they took. */
    private Duration send(int n, Priority lane) throws InterruptedException {
        Instant start = clock.instant();
        for (int i = 0; i < n; i++) pacer.acquire("smtp-secondary", lane, primary::get);
        return Duration.between(start, clock.instant());
    }

    @Test
    void bulkToTheSecondaryFollowsTheScheduleOnceThePrimaryIsDown() throws Exception {
        // 2/s at once: the first message passes, the next nine take 4.5 s.
        assertThat(send(10, Priority.BULK).toMillis()).isBetween(4_500L, 4_501L);
        clock.advance(Duration.ofSeconds(16));
        // 20 s in: unlimited.
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(50, Priority.BULK)).isZero();
    }

    @Test
    void criticalTrafficAndThePrimaryAreNeverHeldBack() throws Exception {
        assertThat(send(20, Priority.CRITICAL)).isZero();
        Instant start = clock.instant();
        for (int i = 0; i < 20; i++) pacer.acquire("smtp-primary", Priority.BULK, primary::get);
        assertThat(clock.instant()).isEqualTo(start);
    }

    @Test
    void nothingIsHeldBackWhileThePrimaryIsHealthyAndTheNextFailoverStartsFromTheFirstStep() throws Exception {
        primary.set(HealthState.HEALTHY);
        assertThat(send(30, Priority.BULK)).isZero();

        primary.set(HealthState.DOWN);
        send(1, Priority.BULK);
        clock.advance(Duration.ofSeconds(30));
        assertThat(send(30, Priority.BULK)).as("30 s into the failover").isZero();
        primary.set(HealthState.HEALTHY);
        send(1, Priority.BULK);

        primary.set(HealthState.DOWN);
        assertThat(send(5, Priority.BULK).toMillis()).as("a new failover ramps again from 2/s").isBetween(2_000L, 2_001L);
    }
}
