package io.herald.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.analytics.Scenario;
import io.herald.analytics.store.AnalyticsStore;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every named report over the generated scenario, whose answers are known by construction. */
class ReportsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:17:00Z");

    @TempDir
    Path dir;
    private AnalyticsStore store;
    private QueryRunner runner;
    private ReportService reports;
    private final Scenario scenario = Scenario.generate(NOW);

    @BeforeEach
    void fill() {
        store = AnalyticsStore.open(dir.resolve("a.duckdb"), dir.resolve("exports"));
        runner = new QueryRunner(store, Duration.ofSeconds(30));
        reports = new ReportService(runner, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));
        store.write(scenario.batch());
    }

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    @Test
    void theFunnelCountsEachStageOncePerEvent() {
        Table funnel = reports.run(Reports.FUNNEL, Filter.all());
        assertThat(sum(funnel, "accepted")).isEqualTo(41);
        assertThat(sum(funnel, "routed")).isEqualTo(41);
        assertThat(sum(funnel, "sent")).isEqualTo(37);
        assertThat(sum(funnel, "deferred")).isEqualTo(4);
        assertThat(sum(funnel, "failed_over")).isEqualTo(4);
        assertThat(sum(funnel, "parked")).isEqualTo(3);
        assertThat(sum(funnel, "replayed")).isEqualTo(2);
        assertThat(sum(funnel, "failed")).isEqualTo(1);
        assertThat(sum(funnel, "expired")).isEqualTo(1);
        // acme's critical notifications (i = 0, 4, ... 36) in the scenario's hour: 10 accepted and routed, one parked,
        // and i = 0..28 sent by smtp-primary.
        int routerRow = row(funnel, scenario.base.toString(), "acme", "CRITICAL", "EMAIL", null);
        assertThat(funnel.value(routerRow, "accepted")).isEqualTo(10L);
        assertThat(funnel.value(routerRow, "routed")).isEqualTo(10L);
        assertThat(funnel.value(routerRow, "parked")).isEqualTo(1L);
        int primaryRow = row(funnel, scenario.base.toString(), "acme", "CRITICAL", "EMAIL", Scenario.PRIMARY);
        assertThat(funnel.value(primaryRow, "sent")).isEqualTo(8L);
    }

    @Test
    void theFunnelOfOneTenantHoldsOnlyThatTenant() {
        Table funnel = reports.run(Reports.FUNNEL, Filter.all().withTenant("globex"));
        assertThat(funnel.column("tenant_id")).containsOnly("globex");
        assertThat(sum(funnel, "accepted")).isEqualTo(20);
    }

    @Test
    void latencyPercentilesPerLaneAreTheNearestRankOfAcceptedToFirstSent() {
        Map<String, List<Long>> byLane = new TreeMap<>();
        Map<String, Instant> firstSent = new HashMap<>();
        for (DeliveryOutcome o : scenario.outcomes) {
            if (o.getStatus() == OutcomeStatus.SENT) firstSent.merge(o.getNotificationId(), o.getAt(), (x, y) -> x.isBefore(y) ? x : y);
        }
        for (Scenario.Accepted a : scenario.requests) {
            Instant sent = firstSent.get(a.request().getNotificationId());
            if (sent == null) continue;
            byLane.computeIfAbsent(a.request().getPriority().name(), k -> new ArrayList<>())
                    .add(Duration.between(a.at(), sent).toMillis());
        }
        Table latency = reports.run(Reports.LATENCY, Filter.all());
        assertThat(latency.column("lane")).containsExactlyElementsOf(byLane.keySet());
        for (int row = 0; row < latency.rows().size(); row++) {
            List<Long> ms = byLane.get((String) latency.value(row, "lane"));
            ms.sort(Long::compare);
            assertThat(latency.value(row, "sent")).isEqualTo((long) ms.size());
            assertThat(latency.value(row, "p50_ms")).isEqualTo(nearestRank(ms, 0.5));
            assertThat(latency.value(row, "p90_ms")).isEqualTo(nearestRank(ms, 0.9));
            assertThat(latency.value(row, "p99_ms")).isEqualTo(nearestRank(ms, 0.99));
            assertThat(latency.value(row, "max_ms")).isEqualTo(ms.get(ms.size() - 1));
        }
    }

    @Test
    void failoversListTheProviderTheCodeAndTheReason() {
        Table failovers = reports.run(Reports.FAILOVERS, Filter.all());
        assertThat(sum(failovers, "failovers")).isEqualTo(4);
        assertThat(failovers.column("provider")).containsOnly(Scenario.PRIMARY);
        assertThat(failovers.column("provider_code")).containsOnly("451 4.3.2");
        assertThat(failovers.column("reason")).containsOnly("provider-down");
    }

    @Test
    void providerCodesArePerProviderPerMinute() {
        Table codes = reports.run(Reports.PROVIDER_CODES, Filter.all());
        String minute5 = scenario.base.plusSeconds(300).toString();
        int deferred = -1;
        for (int r = 0; r < codes.rows().size(); r++) {
            if (codes.value(r, "minute").equals(minute5) && "451 4.3.2".equals(codes.value(r, "provider_code"))
                    && "DEFERRED".equals(codes.value(r, "status"))) deferred = r;
        }
        assertThat(deferred).as("a row for 451 4.3.2 deferrals in minute 5").isNotNegative();
        assertThat(codes.value(deferred, "provider")).isEqualTo(Scenario.PRIMARY);
        assertThat(codes.value(deferred, "events")).isEqualTo(4L);
        assertThat(sum(codes, "events")).isEqualTo(30 + 4 + 4 + 4 + 2 + 2);
    }

    @Test
    void theParkedReportShowsTheBacklogAndTheReplayWave() {
        Table parked = reports.run(Reports.PARKED, Filter.all());
        assertThat(parked.column("minute")).containsExactly(scenario.base.plusSeconds(300).toString(),
                scenario.base.plusSeconds(360).toString(), scenario.base.plusSeconds(480).toString());
        assertThat(parked.column("parked")).containsExactly(2L, 1L, 0L);
        assertThat(parked.column("released")).containsExactly(0L, 0L, 2L);
        assertThat(parked.column("replayed")).containsExactly(0L, 0L, 2L);
        assertThat(parked.column("backlog")).containsExactly(2L, 3L, 1L);
    }

    @Test
    void incidentsMeasureTimeToDetectAndTimeToRecover() {
        Table incidents = reports.run(Reports.INCIDENTS, Filter.all());
        assertThat(incidents.rows()).hasSize(1);
        assertThat(incidents.value(0, "provider_id")).isEqualTo(Scenario.PRIMARY);
        assertThat(incidents.value(0, "down_at")).isEqualTo(scenario.base.plusSeconds(305).toString());
        assertThat(incidents.value(0, "first_failure_at")).isEqualTo(scenario.base.plusSeconds(302).toString());
        assertThat(incidents.value(0, "mttd_ms")).isEqualTo(3_000L);
        assertThat(incidents.value(0, "recovered_at")).isEqualTo(scenario.base.plusSeconds(420).toString());
        assertThat(incidents.value(0, "time_to_recovery_ms")).isEqualTo(115_000L);
    }

    @Test
    void theHealthTimelineAndTheLatestStates() {
        Table timeline = reports.run(Reports.HEALTH, Filter.all());
        assertThat(timeline.column("state")).containsExactly("HEALTHY", "HEALTHY", "DOWN", "HALF_OPEN", "HEALTHY");
        Table providers = reports.run(Reports.PROVIDERS, Filter.all());
        assertThat(providers.column("provider_id")).containsExactly(Scenario.PRIMARY, Scenario.SECONDARY);
        assertThat(providers.column("state")).containsExactly("HEALTHY", "HEALTHY");
        Table beforeRecovery = reports.run(Reports.PROVIDERS, new Filter(null, scenario.base.plusSeconds(350), null));
        assertThat(beforeRecovery.column("state")).containsExactly("DOWN", "HEALTHY");
    }

    @Test
    void reconciliationFlagsThePlantedNotificationWithoutATerminalStateAndTheOneWithTwo() {
        Table problems = reports.run(Reports.RECONCILIATION, Filter.all());
        assertThat(problems.column("notification_id")).containsExactly("n-37", "n-38");
        assertThat(problems.column("verdict")).containsExactly("missing-terminal", "multiple-terminal");
        assertThat(problems.value(0, "age_s")).isEqualTo(Duration.between(scenario.acceptedAt(37), NOW).toSeconds());
        assertThat(problems.value(0, "last_status")).isEqualTo("ROUTED");
        assertThat(problems.value(1, "terminal_statuses")).isEqualTo("SENT,FAILED");
        assertThat(problems.value(1, "terminal_count")).isEqualTo(2L);

        ReportService.ReconciliationCounts counts = reports.reconcile(Filter.all());
        assertThat(counts).isEqualTo(new ReportService.ReconciliationCounts(41, 37, 1, 1, 1, 1));
        assertThat(counts.reconciled()).isFalse();
    }

    @Test
    void throughputCountsSentOutcomesPerLane() {
        Map<String, Long> expected = new TreeMap<>();
        for (DeliveryOutcome o : scenario.outcomes) {
            if (o.getStatus() == OutcomeStatus.SENT) expected.merge(o.getLane().name(), 1L, Long::sum);
        }
        Table throughput = reports.run(Reports.THROUGHPUT, Filter.all());
        Map<String, Long> actual = new TreeMap<>();
        for (int r = 0; r < throughput.rows().size(); r++) {
            actual.merge((String) throughput.value(r, "lane"), (Long) throughput.value(r, "sent"), Long::sum);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(sum(throughput, "parked")).isEqualTo(3);
    }

    @Test
    void aDeliveryReceiptAfterSentIsNotASecondTerminalState() {
        var batch = new io.herald.analytics.store.Batch();
        DeliveryOutcome sent = scenario.outcomes.stream().filter(o -> o.getNotificationId().equals("n-1")
                && o.getStatus() == OutcomeStatus.SENT).findFirst().orElseThrow();
        batch.add(io.herald.analytics.sink.Decoder.outcome(DeliveryOutcome.newBuilder(sent).setEventId("receipt-n-1")
                .setStatus(OutcomeStatus.DELIVERED).setAt(sent.getAt().plusSeconds(5)).build(), 1, 0));
        store.write(batch);
        assertThat(reports.reconcile(Filter.all()).exactlyOne()).isEqualTo(37);
    }

    @Test
    void aRetriedCopyDroppedAsADuplicateIsNotASecondTerminalState() {
        // The notification id is a function of tenant and idempotency key: a retry's DUPLICATE lands on the original's id.
        var batch = new io.herald.analytics.store.Batch();
        DeliveryOutcome sent = scenario.outcomes.stream().filter(o -> o.getNotificationId().equals("n-1")
                && o.getStatus() == OutcomeStatus.SENT).findFirst().orElseThrow();
        batch.add(io.herald.analytics.sink.Decoder.outcome(DeliveryOutcome.newBuilder(sent).setEventId("retry-n-1")
                .setStatus(OutcomeStatus.DUPLICATE).setAt(sent.getAt().plusSeconds(5)).build(), 1, 0));
        store.write(batch);
        assertThat(reports.reconcile(Filter.all()).exactlyOne()).isEqualTo(37);
        assertThat(reports.run(Reports.RECONCILIATION, Filter.all()).column("notification_id")).doesNotContain("n-1");
    }

    @Test
    void writingTheSameEventsAgainStoresNothingNew() {
        assertThat(store.write(scenario.batch())).isZero();
        assertThat(sum(reports.run(Reports.FUNNEL, Filter.all()), "sent")).isEqualTo(37);
    }

    private static long sum(Table t, String column) {
        return t.column(column).stream().mapToLong(v -> v == null ? 0 : ((Number) v).longValue()).sum();
    }

    private static int row(Table t, String hour, String tenant, String lane, String channel, String provider) {
        for (int r = 0; r < t.rows().size(); r++) {
            if (t.value(r, "hour").equals(hour) && t.value(r, "tenant_id").equals(tenant) && lane.equals(t.value(r, "lane"))
                    && channel.equals(t.value(r, "channel")) && java.util.Objects.equals(provider, t.value(r, "provider"))) {
                return r;
            }
        }
        throw new AssertionError("no funnel row for " + hour + "/" + tenant + "/" + lane + "/" + channel + "/" + provider + " in " + t.rows());
    }

    /** Nearest rank: the value at index ceil(p·n) − 1 of the sorted list (what quantile_disc returns). */
    private static long nearestRank(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }
}
