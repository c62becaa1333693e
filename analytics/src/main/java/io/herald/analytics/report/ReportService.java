package io.herald.analytics.report;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Runs named reports against the store, and answers the reconciliation question from Java. */
public final class ReportService {
    /** Reports are bounded too: a report that returns more rows than this is cut and says so. */
    public static final int REPORT_MAX_ROWS = 100_000;

    private final QueryRunner runner;
    private final Clock clock;
    private final Duration inFlightGrace;

    public ReportService(QueryRunner runner, Clock clock, Duration inFlightGrace) {
        this.runner = runner;
        this.clock = clock;
        this.inFlightGrace = inFlightGrace;
    }

    /** Counts of the reconciliation: every accepted notification falls in exactly one bucket. */
    public record ReconciliationCounts(long accepted, long exactlyOne, long parked, long inFlight, long missingTerminal,
                                       long multipleTerminal) {
        /** True when no notification lacks its terminal state and none has two. */
        public boolean reconciled() {
            return missingTerminal == 0 && multipleTerminal == 0;
        }
    }

    public Table run(Report report, Filter filter) {
        Instant now = clock.instant();
        Report.Bound bound = report.bind(new Report.Params(filter, now, now.minus(inFlightGrace)));
        try {
            return runner.run(bound.sql(), bound.values(), REPORT_MAX_ROWS);
        } catch (SQLException e) {
            throw new IllegalStateException("report " + report.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs trusted SQL (the CLI's own queries, tests) with the statement time limit and the report row limit. */
    public Table runSql(String sql) {
        try {
            return runner.run(sql, java.util.List.of(), REPORT_MAX_ROWS);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    /** The reconciliation summary for {@code filter}, for drills and tests that compare it with their own count. */
    public ReconciliationCounts reconcile(Filter filter) {
        Table t = run(Reports.RECONCILIATION_SUMMARY, filter);
        return new ReconciliationCounts(count(t, "accepted"), count(t, "exactly_one"), count(t, "parked"),
                count(t, "in_flight"), count(t, "missing_terminal"), count(t, "multiple_terminal"));
    }

    private static long count(Table t, String column) {
        Object v = t.value(0, column);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
