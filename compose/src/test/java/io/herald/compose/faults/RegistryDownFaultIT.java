package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.Posted;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The schema registry down (process stopped, connections refused) for 30 s of steady load, then started again on its
 * data: the services read and write with the schemas they registered and cached at start-up, nothing valid is
 * dead-lettered, and they are ready again without anyone restarting them.
 */
@Tag("fault")
@Order(4)
class RegistryDownFaultIT extends FaultTest {
    @Test
    void aRegistryDownForThirtySecondsUnderLoadDeadLettersNothingLosesNothingAndTheServicesRecoverByThemselves() {
        FaultRun run = new FaultRun(stack, "registry down 30 s");
        long deadLettersBefore = run.deadLetters();
        run.post(Duration.ofSeconds(5), Posted.Phase.BEFORE);

        stack.registry().stop();
        run.post(Duration.ofSeconds(30), Posted.Phase.DURING);
        stack.registry().start();
        run.post(Duration.ofSeconds(5), Posted.Phase.AFTER);
        // Nobody restarts a service: they must be ready again by themselves.
        await("router and workers ready again by themselves").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.router().ready() && stack.workers().ready() && stack.ingest().ready());
        ReconciliationReport report = run.settle(Duration.ofMinutes(2));
        FaultFigures figures = run.figures(report, null);

        assertThat(run.deadLetters() - deadLettersBefore).as("records dead-lettered during the outage; " + figures.row()).isZero();
        assertThat(report.accepted()).as(figures.row()).isGreaterThanOrEqualTo(100);
        assertThat(report.lost()).as("lost (by their last state: " + run.lastStates(report.lost()) + "); " + figures.row()).isEmpty();
        assertThat(report.parked()).as("parked; " + figures.row()).isEmpty();
        assertThat(report.multipleTerminal()).as("two terminal states; " + figures.row()).isEmpty();
        assertThat(report.terminal()).isEqualTo(report.accepted());
    }
}
