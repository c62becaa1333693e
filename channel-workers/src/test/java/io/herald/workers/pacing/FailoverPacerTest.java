package io.herald.workers.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.policy.choice.FailoverRamp;
import io.herald.workers.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverPacerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final FailoverPacer pacer = new FailoverPacer(FailoverRamp.parse("2/s,max@20s"), "smtp-primary", clock, clock::advance,
            Duration.ofMillis(600));

    /** The slot each of {@code n} bulk messages gets on the secondary, as ms since T0 (0 = passes now). */
    private List<Long> slots(int n, String prefix, HealthState primary) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FailoverPacer.Admission a = pacer.admit("smtp-secondary", Priority.BULK, prefix + i, primary);
            out.add(a instanceof FailoverPacer.Hold h ? Duration.between(T0, h.slot()).toMillis() : Duration.between(T0, clock.instant()).toMillis());
        }
        return out;
    }

    @Test
    void bulkToTheSecondaryGetsSlotsOnTheScheduleOnceThePrimaryIsDown() {
        assertThat(slots(5, "n-", HealthState.DOWN)).containsExactly(0L, 500L, 1000L, 1500L, 2000L);
    }

    @Test
    void aHeldMessagePassesOnItsReservationWhenItComesBackAtItsSlot() {
        slots(3, "n-", HealthState.DOWN);
        clock.advance(Duration.ofMillis(1000));

        assertThat(pacer.admit("smtp-secondary", Priority.BULK, "n-2", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        assertThat(pacer.admit("smtp-secondary", Priority.BULK, "n-1", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        // A newcomer queues behind what was booked.
        assertThat(pacer.admit("smtp-secondary", Priority.BULK, "late", HealthState.DOWN))
                .isEqualTo(new FailoverPacer.Hold(T0.plusMillis(1500), T0.plusMillis(900)));
    }

    @Test
    void aSlotWithinTheInlineWaitIsWaitedForInPlaceAndOneFurtherOffComesBackThatMuchEarly() throws Exception {
        assertThat(pacer.acquire("smtp-secondary", Priority.BULK, "a", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        assertThat(pacer.acquire("smtp-secondary", Priority.BULK, "b", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        assertThat(clock.instant()).as("b waited for its slot").isEqualTo(T0.plusMillis(500));
        pacer.admit("smtp-secondary", Priority.BULK, "c", HealthState.DOWN);

        assertThat(pacer.acquire("smtp-secondary", Priority.BULK, "d", HealthState.DOWN))
                .isEqualTo(new FailoverPacer.Hold(T0.plusMillis(1500), T0.plusMillis(900)));
        clock.advance(Duration.ofMillis(400));
        assertThat(pacer.acquire("smtp-secondary", Priority.BULK, "d", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        assertThat(clock.instant()).as("d, back early, waited for its slot").isEqualTo(T0.plusMillis(1500));
    }

    @Test
    void criticalTrafficThePrimaryAndTheEndOfTheRampAreNeverHeldBack() {
        slots(10, "n-", HealthState.DOWN);
        assertThat(pacer.admit("smtp-secondary", Priority.CRITICAL, "code", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        assertThat(pacer.admit("smtp-primary", Priority.BULK, "p", HealthState.DOWN)).isInstanceOf(FailoverPacer.Pass.class);
        clock.advance(Duration.ofSeconds(21));
        assertThat(slots(20, "after-", HealthState.DOWN)).allMatch(ms -> ms == 21_000L);
    }

    @Test
    void nothingIsHeldWhileThePrimaryIsHealthyAndTheNextFailoverRampsFromItsFirstStep() {
        assertThat(slots(5, "h-", HealthState.HEALTHY)).containsOnly(0L);

        slots(40, "d-", HealthState.DOWN);
        assertThat(slots(1, "x-", HealthState.HEALTHY)).containsExactly(0L);
        clock.advance(Duration.ofSeconds(60));
        assertThat(slots(3, "again-", HealthState.DOWN)).containsExactly(60_000L, 60_500L, 61_000L);
    }
}
