package io.herald.analytics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.analytics.AnalyticsApp;
import io.herald.analytics.Scenario;
import io.herald.analytics.report.Filter;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The analytics HTTP API, served in-process over the real sink, broker and registry. */
@WithKafka
@WithRegistry
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Instant now = Instant.now();
    private final Scenario scenario = Scenario.generate(now);
    private Path dir;
    private AnalyticsApp app;

    @BeforeAll
    void start(KafkaCluster kafka, SchemaRegistryEndpoint registry) throws IOException {
        dir = Files.createTempDirectory("analytics-http");
        AnalyticsFixture fixture = new AnalyticsFixture(kafka, registry);
        fixture.produce(scenario);
        app = fixture.app(dir.resolve("http.duckdb"), "http-" + fixture.id, Clock.fixed(now, ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(60)).until(() -> app.reports().reconcile(Filter.all()).accepted() == 41);
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
    }

    @Test
    void nonSelectSqlIsRefusedWith400AndAReason() throws Exception {
        HttpResponse<String> delete = sql(AnalyticsFixture.ADMIN_KEY, "DELETE FROM outcomes");
        assertThat(delete.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(delete.body()).path("error").asText()).isEqualTo("only SELECT or WITH queries are allowed, not DELETE");

        HttpResponse<String> two = sql(AnalyticsFixture.ADMIN_KEY, "SELECT 1; DROP TABLE outcomes");
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(two.body()).path("error").asText()).isEqualTo("only one statement is allowed");

        HttpResponse<String> hidden = sql(AnalyticsFixture.ADMIN_KEY, "WITH x AS (SELECT 1) DELETE FROM outcomes");
        assertThat(hidden.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(hidden.body()).path("error").asText()).startsWith("only SELECT queries are allowed");

        HttpResponse<String> count = sql(AnalyticsFixture.ADMIN_KEY, "SELECT count(*) AS n FROM outcomes");
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(count.body()).path("rows").get(0).path("n").asLong()).isEqualTo(scenario.outcomes.size());
    }

    @Test
    void sqlNeedsAnAdminKeyAndEveryRouteNeedsAKey() throws Exception {
        assertThat(sql(AnalyticsFixture.TENANT_KEY, "SELECT 1").statusCode()).isEqualTo(403);
        assertThat(sql("not-a-key", "SELECT 1").statusCode()).isEqualTo(401);
        assertThat(get("/v1/analytics/reports/funnel", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theDashboardDataCanBeNarrowedToAWindowOfMinutesAndAnyOtherWindowIsRefused() throws Exception {
        HttpResponse<String> narrow = get("/v1/analytics/dashboard?window=10", AnalyticsFixture.ADMIN_KEY, null);
        assertThat(narrow.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(narrow.body()).path("windowMinutes").asInt()).isEqualTo(10);
        assertThat(JSON.readTree(get("/v1/analytics/dashboard", AnalyticsFixture.ADMIN_KEY, null).body()).path("windowMinutes").asInt())
                .isEqualTo(60);
        HttpResponse<String> refused = get("/v1/analytics/dashboard?window=0", AnalyticsFixture.ADMIN_KEY, null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("window must be whole minutes from 1 to 1440");
    }

    @Test
    void aTenantKeySeesOnlyItsOwnTenant() throws Exception {
        HttpResponse<String> own = get("/v1/analytics/reports/funnel", AnalyticsFixture.TENANT_KEY, null);
        assertThat(own.statusCode()).isEqualTo(200);
        JsonNode rows = JSON.readTree(own.body()).path("rows");
        long accepted = 0;
        for (JsonNode row : rows) {
            assertThat(row.path("tenant_id").asText()).isEqualTo("acme");
            accepted += row.path("accepted").asLong();
        }
        assertThat(accepted).isEqualTo(21); // 20 even notifications and the one in flight
        assertThat(get("/v1/analytics/reports/funnel?tenant=globex", AnalyticsFixture.TENANT_KEY, null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> admin = get("/v1/analytics/reports/reconciliation-summary?tenant=globex", AnalyticsFixture.ADMIN_KEY, null);
        assertThat(JSON.readTree(admin.body()).path("rows").get(0).path("accepted").asLong()).isEqualTo(20);
    }

    @Test
    void reportsComeAsCsvOnRequestAndHonourTheTimeRange() throws Exception {
        String from = scenario.base.plusSeconds(360).toString();
        String to = scenario.base.plusSeconds(390).toString();
        HttpResponse<String> csv = get("/v1/analytics/reports/reconciliation?from=" + from + "&to=" + to,
                AnalyticsFixture.ADMIN_KEY, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("verdict,notification_id,tenant_id,lane,accepted_at,age_s,terminal_count,terminal_statuses,last_status");
        assertThat(Arrays.stream(lines).skip(1).map(l -> l.split(",")[1])).containsExactly("n-37", "n-38");
        assertThat(get("/v1/analytics/reports/funnel?format=csv&from=yesterday", AnalyticsFixture.ADMIN_KEY, null).statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/analytics/reports/nope", AnalyticsFixture.ADMIN_KEY, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anExportOfATimeRangeIsAParquetFileWithThoseOutcomes() throws Exception {
        String from = scenario.base.toString();
        String to = scenario.base.plusSeconds(100).toString();
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(uri("/v1/analytics/export.parquet?from=" + from + "&to=" + to))
                .header("Authorization", "Bearer " + AnalyticsFixture.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        byte[] body = export.body();
        assertThat(new String(body, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(body, body.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        long expected = scenario.outcomes.stream().filter(o -> !o.getAt().isBefore(scenario.base)
                && o.getAt().isBefore(scenario.base.plusSeconds(100))).count();
        // Read it back through DuckDB from the export directory, the one place SQL may read files.
        Path copy = app.store().exportDir().resolve("check.parquet");
        Files.write(copy, body);
        HttpResponse<String> rows = sql(AnalyticsFixture.ADMIN_KEY, "SELECT count(*) AS n FROM read_parquet('" + copy.toAbsolutePath() + "')");
        assertThat(JSON.readTree(rows.body()).path("rows").get(0).path("n").asLong()).isEqualTo(expected);
        assertThat(get("/v1/analytics/export.parquet", AnalyticsFixture.TENANT_KEY, null).statusCode()).isEqualTo(403);
    }

    @Test
    void theCliRunsSqlReportsAndExportsThroughTheApi() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = io.herald.analytics.cli.AnalyticsCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("sql", "--url", app.url(), "--api-key", AnalyticsFixture.ADMIN_KEY,
                "SELECT count(*) AS accepted FROM accepted")).isZero();
        assertThat(out.toString()).contains("accepted").contains("41");
        assertThat(cli.execute("report", "reconciliation-summary", "--url", app.url(), "--api-key", AnalyticsFixture.TENANT_KEY,
                "--format", "json")).isZero();
        assertThat(out.toString()).contains("\"accepted\" : 21");
        assertThat(cli.execute("sql", "--url", app.url(), "--api-key", AnalyticsFixture.TENANT_KEY, "SELECT 1")).isEqualTo(2);
        assertThat(err.toString()).contains("admin key");
        Path parquet = dir.resolve("cli-export.parquet");
        assertThat(cli.execute("export", "--url", app.url(), "--api-key", AnalyticsFixture.ADMIN_KEY,
                "--from", scenario.base.toString(), "--to", now.toString(), "--out", parquet.toString())).isZero();
        assertThat(Files.size(parquet)).isPositive();
    }

    private HttpResponse<String> sql(String key, String sql) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v1/analytics/sql")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("sql", sql).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String key, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (key != null) b.header("Authorization", "Bearer " + key);
        if (accept != null) b.header("Accept", accept);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create(app.url() + pathAndQuery);
    }
}
