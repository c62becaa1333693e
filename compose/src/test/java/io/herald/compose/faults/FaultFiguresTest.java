package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.OutcomeStatus;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultFiguresTest {
    /** a SENT and received three times; b and c without events since the settle instant; d parked. */
    private static final ReconciliationReport REPORT = new ReconciliationReport(4, Map.of(OutcomeStatus.SENT, 1L),
            Map.of("a", OutcomeStatus.SENT), List.of("d"), List.of(), List.of("b", "c"), Map.of(), Map.of("a", 3), Set.of());

    @Test
    void anUncertainNotificationIsReportedAsUncertainNotAsLost() {
        FaultFigures figures = FaultFigures.of("f", REPORT, 0, Set.of("b"), null, Duration.ofSeconds(1));

        assertThat(figures.withoutTerminal()).isEqualTo(3);
        assertThat(figures.parked()).isEqualTo(1);
        assertThat(figures.uncertain()).isEqualTo(1);
        assertThat(figures.lost()).isEqualTo(1);
    }

    @Test
    void anUncertainNotificationOfAnotherRunIsNotCounted() {
        FaultFigures figures = FaultFigures.of("f", REPORT, 0, Set.of("z"), null, Duration.ofSeconds(1));

        assertThat(figures.uncertain()).isZero();
        assertThat(figures.lost()).isEqualTo(2);
    }

    @Test
    void sinkDuplicatesCountTheExtraCopiesNotTheMessages() {
        FaultFigures figures = FaultFigures.of("f", REPORT, 0, Set.of(), 5, Duration.ofSeconds(1));

        assertThat(figures.sinkDuplicates()).isEqualTo(2);
    }

    @Test
    void theRowNamesEveryFigureAndADashWhenNothingWasKilled() {
        assertThat(FaultFigures.of("router kill -9", REPORT, 7, Set.of("b"), null, Duration.ofSeconds(42)).row())
                .isEqualTo("| router kill -9 | 4 | SENT 1 | 3 (parked 1, uncertain 1, lost 1) | 0 | 2 | — | 7 | 42 s |");
        assertThat(FaultFigures.of("workers kill -9", REPORT, 0, Set.of(), 3, Duration.ofSeconds(1)).row()).contains("| 2 | 3 |");
    }
}
