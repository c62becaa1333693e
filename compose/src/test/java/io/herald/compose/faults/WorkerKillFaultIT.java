package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.Posted;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the workers' JVM the moment a sink has just received a message, then a restart with the same
 * instance id (so the same transactional ids fence the dead transactions): the batch in flight was sent but its
 * outcomes and offsets were never committed, so it is delivered again — and that is the only thing delivered twice.
 */
@Tag("fault")
@Order(3)
class WorkerKillFaultIT extends FaultTest {
    private static final Map<String, String> SLOW = Map.of("HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE", "3");

    /** Hides {@link FaultTest#restore()}: the workers also go back to the stack's default pace. */
    @AfterAll
    static void restore() {
        if (stack == null) return;
        stack.restore();
        stack.restartWorkers(Map.of());
    }

    @Test
    void aWorkerKilledMidSendAndRestartedLosesNothingAndResendsAtMostWhatWasInFlight() {
        // The primary mail provider paced at 3 messages/s against 5 posts/s: batches queue up and take seconds to send,
        // so a kill right after a delivery lands in the middle of a batch whose outcomes are not committed yet.
        stack.restartWorkers(SLOW);
        FaultRun run = new FaultRun(stack, "workers kill -9");
        run.postInBackground(Duration.ofSeconds(25));
        run.awaitDelivered(10);

        // Mid-send: right after a sink received one more message, while its batch is still being sent. If that message
        // was the last of its batch and the commit won the race, nothing was in flight: the kill proved little, so
        // the workers are started (paced) and killed again, at most three times.
        Set<String> inFlight = new HashSet<>();
        int kills = 0;
        while (inFlight.isEmpty() && kills < 3) {
            if (kills > 0) {
                stack.workers().start(SLOW);
                run.awaitDelivered(3);
            }
            int seen = run.deliveries().size();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> run.deliveries().size() > seen);
            stack.workers().kill();
            kills++;
            // The dead JVM sends nothing more: what the sinks have now, minus what was committed as SENT, was in flight.
            Set<String> now = new HashSet<>(run.deliveredIds());
            now.removeAll(run.committedSent());
            inFlight.addAll(now);
        }
        System.out.println("FAULT FIGURES workers kill -9: " + kills + " kill(s), " + inFlight.size() + " in flight");

        run.awaitAccepted(15);
        // Restarted as configured: the redelivery is under test here, not the pace.
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
