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
}
