package io.herald.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.analytics.Scenario;
import io.herald.analytics.report.QueryRunner;
import io.herald.analytics.report.ReportService;
import io.herald.analytics.store.AnalyticsStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DashboardDataTest {
    @TempDir
    Path dir;

    @Test
    void theSnapshotHoldsEveryPanelOverTheWindow() {
        Scenario scenario = Scenario.generate(Instant.parse("2026-11-30T10:17:00Z"));
        // A clock just after the scenario's traffic, so its hour is the dashboard's window.
        Instant now = scenario.base.plusSeconds(600);
        try (AnalyticsStore store = AnalyticsStore.open(dir.resolve("d.duckdb"), dir.resolve("exports"));
             QueryRunner runner = new QueryRunner(store, Duration.ofSeconds(30))) {
            store.write(scenario.batch());
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            DashboardData data = new DashboardData(new ReportService(runner, clock, Duration.ofMinutes(15)), clock,
                    Duration.ofMinutes(60), () -> new DashboardData.SinkStatus(42, now, true),
                    () -> List.of(new LaneLag.Lag("EMAIL", "BULK", 7)));
            JsonNode snapshot = data.snapshot();
            assertThat(snapshot.path("providers").path("rows")).hasSize(2);
            JsonNode funnel = snapshot.path("funnel").path("rows");
            assertThat(funnel.get(0).get(0).asText()).isEqualTo("ACCEPTED");
            assertThat(funnel.get(0).get(1).asLong()).isEqualTo(40); // the 40 of the scenario's hour; not the one in flight
            assertThat(snapshot.path("throughput").path("rows").size()).isPositive();
            assertThat(snapshot.path("parked").path("rows")).hasSize(3);
            assertThat(snapshot.path("codes").path("rows").size()).isPositive();
            assertThat(snapshot.path("reconciliation").path("rows").get(0).get(0).asLong()).isEqualTo(41);
            assertThat(snapshot.path("lag").get(0).path("lag").asLong()).isEqualTo(7);
            assertThat(snapshot.path("sink").path("stored").asLong()).isEqualTo(42);
        }
    }

    @ParameterizedTest(name = "window=''{0}'' is {1} minutes")
    @CsvSource({"'', 60", "10, 10", "1, 1", "1440, 1440", "' 15 ', 15"})
    void theWindowParameterIsWholeMinutesFromOneToADayAndAbsentMeansTheDefault(String raw, long minutes) {
        assertThat(DashboardData.window(raw, Duration.ofMinutes(60))).isEqualTo(Duration.ofMinutes(minutes));
    }

    @ParameterizedTest(name = "window=''{0}'' is refused")
    @ValueSource(strings = {"0", "1441", "ten", "-5", "1.5", "10m"})
    void anyOtherWindowIsRefusedNamingTheParameter(String raw) {
        assertThatThrownBy(() -> DashboardData.window(raw, Duration.ofMinutes(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window").hasMessageContaining(raw);
    }
}
