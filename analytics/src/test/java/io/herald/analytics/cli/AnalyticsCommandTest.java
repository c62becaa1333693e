package io.herald.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.analytics.Scenario;
import io.herald.analytics.store.AnalyticsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI in its offline mode, on a DuckDB file the scenario filled. */
class AnalyticsCommandTest {
    @TempDir
    Path dir;
    private Path db;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void fill() {
        db = dir.resolve("cli.duckdb");
        try (AnalyticsStore store = AnalyticsStore.open(db, dir.resolve("exports"))) {
            store.write(Scenario.generate(Instant.parse("2026-11-30T10:17:00Z")).batch());
        }
    }

    private int run(String... args) {
        CommandLine cli = AnalyticsCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void sqlPrintsAnAlignedTable() {
        int code = run("sql", "--db", db.toString(), "SELECT status, count(*) AS n FROM outcomes WHERE status IN ('SENT','FAILED') GROUP BY ALL ORDER BY 1");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("status  n").contains("FAILED   1").contains("SENT    37").contains("(2 rows)");
    }

    @Test
    void aReportPrintsAsCsv() {
        int code = run("report", "reconciliation", "--db", db.toString(), "--format", "csv");
        assertThat(code).isZero();
        assertThat(out.toString().lines()).first().isEqualTo("verdict,notification_id,tenant_id,lane,accepted_at,age_s,terminal_count,terminal_statuses,last_status");
        assertThat(out.toString()).contains("missing-terminal,n-37").contains("multiple-terminal,n-38");
    }

    @Test
    void aWriteIsRefusedWithExitCode2AndAReason() {
        int code = run("sql", "--db", db.toString(), "DELETE FROM outcomes");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("only SELECT or WITH queries are allowed, not DELETE");
    }

    @Test
    void anUnknownReportIsRefused() {
        assertThat(run("report", "nope", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no report named 'nope'");
    }

    @Test
    void theConfiguredInFlightGraceDecidesWhatIsMissingRatherThanInFlight() throws Exception {
        // The scenario's notifications are hours old today: a grace of 3650 days makes every one of them in flight.
        java.nio.file.Path conf = dir.resolve("herald.properties");
        java.nio.file.Files.writeString(conf, "analytics.in-flight-grace=3650d\n");
        int code = run("report", "reconciliation", "--db", db.toString(), "--config", conf.toString(), "--format", "csv");
        assertThat(code).isZero();
        assertThat(out.toString()).doesNotContain("missing-terminal").contains("multiple-terminal,n-38");
    }

    @Test
    void aBadGraceOnTheCommandLineIsRefusedNamingTheOption() {
        assertThat(run("report", "reconciliation", "--db", db.toString(), "--in-flight-grace", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--in-flight-grace").contains("'soon' is not a duration");
    }

    @Test
    void aBadConfiguredValueIsRefusedNamingTheKey() throws Exception {
        java.nio.file.Path conf = dir.resolve("bad.properties");
        java.nio.file.Files.writeString(conf, "analytics.sql.max-rows=lots\n");
        assertThat(run("sql", "--db", db.toString(), "--config", conf.toString(), "SELECT 1 AS one")).isEqualTo(2);
        assertThat(err.toString()).contains("analytics.sql.max-rows").contains(conf.toString());
    }

    @Test
    void theConfiguredRowLimitTruncatesAQueryInDbMode() throws Exception {
        java.nio.file.Path conf = dir.resolve("rows.properties");
        java.nio.file.Files.writeString(conf, "analytics.sql.max-rows=2\n");
        int code = run("sql", "--db", db.toString(), "--config", conf.toString(), "--format", "csv", "SELECT event_id FROM outcomes ORDER BY 1");
        assertThat(code).isZero();
        assertThat(out.toString().lines()).hasSize(3);
    }

    @Test
    void theServiceRefusesToStartOnABadConfiguredValueNamingTheKeyAndTheFile() throws Exception {
        java.nio.file.Path conf = dir.resolve("serve.properties");
        java.nio.file.Files.writeString(conf, "analytics.sql.timeout=forever\n");
        assertThat(run("serve", "--config", conf.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("analytics.sql.timeout").contains(conf.toString()).contains("'forever' is not a duration");
    }
}
