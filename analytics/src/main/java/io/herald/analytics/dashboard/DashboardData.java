package io.herald.analytics.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.analytics.report.Filter;
import io.herald.analytics.report.Report;
import io.herald.analytics.report.ReportService;
import io.herald.analytics.report.Reports;
import io.herald.analytics.report.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything the dashboard draws, in one JSON document: provider states, recent transitions, per-lane
 * throughput, the parked backlog and releases, the funnel, provider codes, reconciliation and the sink's
 * own progress. Built from the same named reports the API serves, over a recent window.
 */
public final class DashboardData {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The sink's progress as the dashboard shows it. */
    public record SinkStatus(long stored, Instant lastBatchAt, boolean healthy) {
    }

    private final ReportService reports;
    private final Clock clock;
    private final Duration window;
    private final Supplier<SinkStatus> sink;
    private final Supplier<List<LaneLag.Lag>> lag;

    public DashboardData(ReportService reports, Clock clock, Duration window, Supplier<SinkStatus> sink,
                         Supplier<List<LaneLag.Lag>> lag) {
        this.lag = lag;
        this.reports = reports;
        this.clock = clock;
        this.window = window;
        this.sink = sink;
    }

    public ObjectNode snapshot() {
        return snapshot(window);
    }

    /** The snapshot over the last {@code window} instead of the default one (the page's {@code ?window=minutes}). */
    public ObjectNode snapshot(Duration window) {
        Instant now = clock.instant();
        Filter recent = new Filter(now.minus(window), now.plusSeconds(60), null);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("generatedAt", now.toString());
        out.put("windowMinutes", window.toMinutes());
        out.set("providers", table(reports.run(Reports.PROVIDERS, Filter.all())));
        out.set("transitions", table(reports.run(Reports.HEALTH, recent)));
        out.set("throughput", table(reports.run(Reports.THROUGHPUT, recent)));
        out.set("parked", table(reports.run(Reports.PARKED, recent)));
        out.set("funnel", table(reports.run(FUNNEL_TOTALS, recent)));
        out.set("codes", table(reports.run(Reports.PROVIDER_CODES, recent)));
        out.set("reconciliation", table(reports.run(Reports.RECONCILIATION_SUMMARY, Filter.all())));
        SinkStatus status = sink.get();
        out.putObject("sink").put("stored", status.stored())
                .put("lastBatchAt", status.lastBatchAt() == null ? null : status.lastBatchAt().toString())
                .put("healthy", status.healthy());
        ArrayNode lanes = out.putArray("lag");
        for (LaneLag.Lag l : lag.get()) lanes.addObject().put("channel", l.channel()).put("lane", l.lane()).put("lag", l.lag());
        return out;
    }

    /**
     * The page's {@code window} parameter: whole minutes from 1 to 1440 (a day), or the default when absent.
     *
     * @throws IllegalArgumentException naming the parameter when it is anything else
     */
    public static Duration window(String minutes, Duration fallback) {
        if (minutes == null || minutes.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(minutes.trim());
            if (n >= 1 && n <= 1440) return Duration.ofMinutes(n);
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException("window must be whole minutes from 1 to 1440, was '" + minutes + "'");
    }

    /** The funnel summed over the window, one row per stage, for a bar chart. */
    static final Report FUNNEL_TOTALS = new Report("funnel-totals", "Funnel stages summed over the window.", """
            WITH a AS (SELECT count(*) AS n FROM v_accepted WHERE accepted_at >= :from AND accepted_at < :to),
                 o AS (SELECT status, count(*) AS n FROM outcomes WHERE occurred_at >= :from AND occurred_at < :to GROUP BY status),
                 stages AS (
                     SELECT 'ACCEPTED' AS stage, n AS count FROM a
                     UNION ALL
                     SELECT status, n FROM o)
            SELECT stage, count FROM stages
            WHERE list_position(['ACCEPTED','ROUTED','DEFERRED','FAILED_OVER','PARKED','REPLAYED','SENT','DELIVERED','FAILED','EXPIRED','SUPPRESSED','DUPLICATE'], stage) IS NOT NULL
            ORDER BY list_position(['ACCEPTED','ROUTED','DEFERRED','FAILED_OVER','PARKED','REPLAYED','SENT','DELIVERED','FAILED','EXPIRED','SUPPRESSED','DUPLICATE'], stage)""");

    private static ObjectNode table(Table t) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode columns = node.putArray("columns");
        t.columns().forEach(columns::add);
        ArrayNode rows = node.putArray("rows");
        for (List<Object> row : t.rows()) {
            ArrayNode r = rows.addArray();
            row.forEach(v -> r.add(MAPPER.valueToTree(v)));
        }
        return node;
    }
}
