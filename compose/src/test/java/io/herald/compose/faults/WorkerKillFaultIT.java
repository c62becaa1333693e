package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.Posted;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kill -9} of the workers' JVM the moment a sink has just received a message, then a restart with the same
 * instance id (so the same transactional ids fence the dead transactions): the batch in flight was sent but its
 * outcomes and offsets were never committed, so it is delivered again — and that is the only thing delivered twice.
 */
@Tag("fault")
@Order(3)
@ExtendWith(FaultStackExtension.class)
class WorkerKillFaultIT {
    private static FaultStack stack;

    @BeforeAll
    static void stack(FaultStack shared) {
        stack = shared;
    }

    @AfterAll
    static void restore() {
        if (stack != null) stack.restore();
    }

    @Test
    void aWorkerKilledMidSendAndRestartedLosesNothingAndResendsAtMostWhatWasInFlight() {
        FaultRun run = new FaultRun(stack, "workers kill -9");
        run.postInBackground(Duration.ofSeconds(25));
        run.awaitDelivered(10);

        // Mid-send: right after a sink received one more message, while its batch is still being sent.
        int seen = run.deliveries().size();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> run.deliveries().size() > seen);
        stack.workers().kill();
        // The dead JVM sends nothing more: what the sinks have now, minus what was committed as SENT, was in flight.
        Set<String> inFlight = new HashSet<>(run.deliveredIds());
        inFlight.removeAll(run.committedSent());

        run.awaitAccepted(15);
        stack.workers().start();
        run.awaitLoadDone();
        run.post(Duration.ofSeconds(3), Posted.Phase.AFTER);
        ReconciliationReport report = run.settle(Duration.ofMinutes(2));
        FaultFigures figures = run.figures(report, inFlight.size());

        assertThat(report.accepted()).as(figures.row()).isGreaterThanOrEqualTo(60);
        assertThat(report.lost()).as("lost (by their last state: " + run.lastStates(report.lost()) + "); " + figures.row()).isEmpty();
        assertThat(report.parked()).as("parked; " + figures.row()).isEmpty();
        assertThat(report.multipleTerminal()).as("two terminal states; " + figures.row()).isEmpty();
        // Nothing whose SENT was committed is sent again; what is sent again was in flight, each at most once more.
        assertThat(report.sinkDuplicates().keySet()).as("sent twice but not in flight at the kill; " + figures.row())
                .isSubsetOf(inFlight);
        assertThat(report.sinkDuplicates().values()).allSatisfy(copies -> assertThat(copies).isEqualTo(2));
        assertThat(figures.sinkDuplicates()).isLessThanOrEqualTo(inFlight.size());
    }
}
