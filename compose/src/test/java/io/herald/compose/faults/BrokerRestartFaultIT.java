package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.compose.drill.Posted;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker stopped under load and started again on the same log dir and port: while it is down the ingest API
 * refuses (503) instead of accepting what it cannot make durable, and every notification it did accept ends.
 */
@Tag("fault")
@Order(5)
class BrokerRestartFaultIT extends FaultTest {
    @AfterAll
    static void restore() {
        if (stack == null) return;
        // A broker outage can leave a service running but no longer working (a channel worker whose lag probe timed
        // out stops for good, issue 10 #6): whatever runs after this starts afresh.
        stack.restartServices();
    }

    @Test
    void aBrokerRestartedUnderLoadLosesNothingThatWasAccepted() {
        FaultRun run = new FaultRun(stack, "broker restart");
        run.post(Duration.ofSeconds(8), Posted.Phase.BEFORE);

        stack.kafka().stop();
        run.post(Duration.ofSeconds(10), Posted.Phase.DURING);
        stack.kafka().start();
        run.post(Duration.ofSeconds(10), Posted.Phase.AFTER);
        ReconciliationReport report = run.settle(Duration.ofMinutes(2));
        FaultFigures figures = run.figures(report, null);

        assertThat(run.refused()).as("posts refused while the broker was down").isPositive();
        assertThat(report.accepted()).as(figures.row()).isGreaterThanOrEqualTo(60);
        assertThat(report.lost()).as("lost (by their last state: " + run.lastStates(report.lost()) + "); " + figures.row()).isEmpty();
        assertThat(report.parked()).as("parked; " + figures.row()).isEmpty();
        assertThat(report.multipleTerminal()).as("two terminal states; " + figures.row()).isEmpty();
        assertThat(report.terminal()).isEqualTo(report.accepted());
    }
}
