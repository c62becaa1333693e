package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.compose.drill.Posted;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the router JVM while mixed load flows, the load going on while it is dead, then a restart on the
 * same state dir: the Streams transaction in progress is aborted and redone, so nothing is lost and nothing is
 * decided, dispatched or sent twice.
 */
@Tag("fault")
@Order(2)
class RouterKillFaultIT extends FaultTest {
    @Test
    void aRouterKilledMidLoadAndRestartedLosesNothingAndSendsNothingTwice() {
        FaultRun run = new FaultRun(stack, "router kill -9");
        run.postInBackground(Duration.ofSeconds(25));
        run.awaitDelivered(10);

        stack.router().kill();
        // Requests keep being accepted while no router runs: they wait in the request topic.
        run.awaitAccepted(15);
        stack.router().start();
        run.awaitLoadDone();
        run.post(Duration.ofSeconds(3), Posted.Phase.AFTER);
        ReconciliationReport report = run.settle(Duration.ofMinutes(2));
        FaultFigures figures = run.figures(report, null);

        assertThat(report.accepted()).as(figures.row()).isGreaterThanOrEqualTo(60);
        assertThat(report.lost()).as("lost (by their last state: " + run.lastStates(report.lost()) + "); " + figures.row()).isEmpty();
        assertThat(report.parked()).as("parked; " + figures.row()).isEmpty();
        assertThat(report.multipleTerminal()).as("two terminal states; " + figures.row()).isEmpty();
        assertThat(report.sinkDuplicates()).as("sent twice; " + figures.row()).isEmpty();
        assertThat(report.terminal()).isEqualTo(report.accepted());
    }
}
