package io.herald.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.analytics.Scenario;
import io.herald.analytics.store.AnalyticsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walls behind the text check, exercised against a real DuckDB file. */
class AdHocSqlTest {
    @TempDir
    Path dir;
    private AnalyticsStore store;
    private QueryRunner runner;
    private AdHocSql sql;

    @BeforeEach
    void open() {
        store = AnalyticsStore.open(dir.resolve("a.duckdb"), dir.resolve("exports"));
        store.write(Scenario.generate(Instant.parse("2026-11-30T10:00:00Z")).batch());
        runner = new QueryRunner(store, Duration.ofMillis(300));
        sql = new AdHocSql(runner, 5);
    }

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    @Test
    void aQueryRunsAndIsCutAtTheRowLimit() {
        Table t = sql.run("SELECT notification_id FROM accepted ORDER BY notification_id");
        assertThat(t.rows()).hasSize(5);
        assertThat(t.truncated()).isTrue();
        assertThat(sql.run("SELECT count(*) AS n FROM outcomes").value(0, "n")).isEqualTo(
                (long) Scenario.generate(Instant.parse("2026-11-30T10:00:00Z")).outcomes.size());
    }

    @Test
    void aWriteHiddenInACommonTableExpressionIsRefusedByDuckDbsParser() {
        assertThatThrownBy(() -> sql.run("WITH x AS (SELECT 1) DELETE FROM outcomes"))
                .isInstanceOf(AdHocSql.RefusedException.class).hasMessageContaining("only SELECT");
        assertThat(sql.run("SELECT count(*) AS n FROM outcomes").value(0, "n")).isNotEqualTo(0L);
    }

    @Test
    void readingAFileOutsideTheExportDirectoryIsRefused() {
        assertThatThrownBy(() -> sql.run("SELECT * FROM read_csv('/etc/passwd')"))
                .isInstanceOf(AdHocSql.RefusedException.class).hasMessageContaining("Permission");
    }

    @Test
    void aQueryLongerThanTheTimeLimitIsCancelled() {
        assertThatThrownBy(() -> sql.run("SELECT count(*) FROM range(100000000000) a"))
                .isInstanceOf(QueryRunner.TimeoutException.class).hasMessageContaining("300 ms");
    }
}
