package io.herald.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.analytics.AnalyticsApp;
import io.herald.analytics.Scenario;
import io.herald.analytics.report.Filter;
import io.herald.analytics.report.ReportService.ReconciliationCounts;
import io.herald.analytics.report.Reports;
import io.herald.analytics.report.Table;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against the real broker and registry, into a DuckDB file. */
@WithKafka
@WithRegistry
class AnalyticsSinkIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The full scenario's answer: 41 accepted, 37 with one terminal state, 1 parked, 1 in flight, 1 missing, 1 with two. */
    private static final ReconciliationCounts EXPECTED = new ReconciliationCounts(41, 37, 1, 1, 1, 1);

    @TempDir
    Path dir;
    private AnalyticsFixture fixture;
    private final Instant now = Instant.now();
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final Scenario scenario = Scenario.generate(now);

    @BeforeEach
    void topics(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        fixture = new AnalyticsFixture(kafka, registry);
    }

    @Test
    void reportsMatchTheGeneratedOutcomesExactly() {
        fixture.produce(scenario);
        try (AnalyticsApp app = fixture.app(dir.resolve("a.duckdb"), "g-" + fixture.id, clock)) {
            await().atMost(WAIT).until(() -> app.reports().reconcile(Filter.all()).equals(EXPECTED));
            await().atMost(WAIT).until(() -> app.reports().run(Reports.HEALTH, Filter.all()).rows().size() == 5);
            Table funnel = app.reports().run(Reports.FUNNEL, Filter.all());
            assertThat(sum(funnel, "accepted")).isEqualTo(41);
            assertThat(sum(funnel, "sent")).isEqualTo(37);
            assertThat(sum(funnel, "failed_over")).isEqualTo(4);
            Table problems = app.reports().run(Reports.RECONCILIATION, Filter.all());
            assertThat(problems.column("notification_id")).containsExactly("n-37", "n-38");
            assertThat(problems.column("verdict")).containsExactly("missing-terminal", "multiple-terminal");
            Table incidents = app.reports().run(Reports.INCIDENTS, Filter.all());
            assertThat(incidents.column("mttd_ms")).containsExactly(3_000L);
            assertThat(incidents.column("time_to_recovery_ms")).containsExactly(115_000L);
            assertThat(app.reports().run(Reports.PARKED, Filter.all()).column("backlog")).containsExactly(2L, 3L, 1L);
        }
    }

    @Test
    void consumingTheSameOutcomesTwiceDoesNotDoubleCount() {
        Path db = dir.resolve("twice.duckdb");
        fixture.produce(scenario);
        // The same events produced again (a producer retry, a replayed topic): same event ids at new offsets.
        fixture.produce(List.of(), scenario.outcomes, List.of());
        try (AnalyticsApp app = fixture.app(db, "first-" + fixture.id, clock)) {
            await().atMost(WAIT).until(() -> app.sink().batches() > 0 && app.reports().reconcile(Filter.all()).equals(EXPECTED));
            assertThat(count(app, "outcomes")).isEqualTo(scenario.outcomes.size());
        }
        // A new consumer group reads every record again into the same file: redelivery of everything.
        try (AnalyticsApp app = fixture.app(db, "second-" + fixture.id, clock)) {
            long total = scenario.requests.size() + 2L * scenario.outcomes.size() + scenario.health.size();
            await().atMost(WAIT).until(() -> consumed(app) >= total);
            assertThat(app.sink().stored()).as("rows new to the store on the second pass").isZero();
            assertThat(count(app, "outcomes")).isEqualTo(scenario.outcomes.size());
            assertThat(count(app, "accepted")).isEqualTo(scenario.requests.size());
            assertThat(app.reports().reconcile(Filter.all())).isEqualTo(EXPECTED);
            assertThat(sum(app.reports().run(Reports.FUNNEL, Filter.all()), "sent")).isEqualTo(37);
        }
    }

    @Test
    void aRestartResumesWhereItStoppedWithoutGaps() {
        Path db = dir.resolve("restart.duckdb");
        String group = "restart-" + fixture.id;
        int half = scenario.outcomes.size() / 2;
        fixture.produce(scenario.requests, scenario.outcomes.subList(0, half), scenario.health);
        try (AnalyticsApp app = fixture.app(db, group, clock)) {
            await().atMost(WAIT).until(() -> count(app, "outcomes") == half);
        }
        // Written while the sink is down.
        fixture.produce(List.of(), scenario.outcomes.subList(half, scenario.outcomes.size()), List.of());
        try (AnalyticsApp app = fixture.app(db, group, clock)) {
            // It reads only what it had not committed: the second half, nothing of the first again.
            await().atMost(WAIT).until(() -> app.sink().stored() >= scenario.outcomes.size() - half);
            assertThat(count(app, "outcomes")).isEqualTo(scenario.outcomes.size());
            assertThat(app.sink().stored()).isEqualTo(scenario.outcomes.size() - half);
            assertThat(app.reports().reconcile(Filter.all())).isEqualTo(EXPECTED);
        }
    }

    /** A sink that cannot write stops for good: the service says so on /health/live, so it gets restarted. */
    @Test
    void aSinkThatStoppedOnAFailureIsNotLive() throws Exception {
        String group = "dead-" + fixture.id;
        fixture.produce(scenario.requests, scenario.outcomes.subList(0, 5), List.of());
        try (AnalyticsApp app = fixture.app(dir.resolve("dead.duckdb"), group, clock)) {
            await().atMost(WAIT).until(() -> app.sink().batches() > 0);
            assertThat(health(app, "/health/live")).isEqualTo(200);

            app.store().close();
            fixture.produce(List.of(), scenario.outcomes.subList(5, 10), List.of());

            await().atMost(WAIT).until(() -> !app.live());
            assertThat(app.sink().failed()).isTrue();
            assertThat(health(app, "/health/live")).isEqualTo(503);
            assertThat(health(app, "/health/ready")).isEqualTo(503);
        }
    }

    private static int health(AnalyticsApp app, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long count(AnalyticsApp app, String table) {
        return (Long) app.reports().runSql("SELECT count(*) AS n FROM " + table).value(0, "n");
    }

    /** Records the sink has handled: rows stored plus rows it found already there, by group offsets. */
    private long consumed(AnalyticsApp app) {
        return app.sink().consumed();
    }

    private static long sum(Table t, String column) {
        return t.column(column).stream().mapToLong(v -> v == null ? 0 : ((Number) v).longValue()).sum();
    }
}
