package io.herald.analytics.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named reports. Each is one SQL query over the store's tables and views ({@code docs/analytics.md}
 * lists them with their columns); every query orders its rows completely, so answers are reproducible.
 */
public final class Reports {
    /** Outcomes restricted to the filter. */
    private static final String O = """
            o AS (SELECT * FROM outcomes WHERE occurred_at >= :from AND occurred_at < :to AND (:tenant IS NULL OR tenant_id = :tenant))""";
    /** Accepted notifications restricted to the filter. */
    private static final String A = """
            a AS (SELECT * FROM v_accepted WHERE accepted_at >= :from AND accepted_at < :to AND (:tenant IS NULL OR tenant_id = :tenant))""";

    public static final Report FUNNEL = new Report("funnel",
            "Delivery funnel per hour, tenant, lane, channel and provider: accepted (by requested lane and first channel), then each outcome status.",
            "WITH " + O + ",\n" + A + """
            ,
            events AS (
                SELECT date_trunc('hour', accepted_at) AS hour, tenant_id, lane, channel, NULL::VARCHAR AS provider, 'ACCEPTED' AS status FROM a
                UNION ALL
                SELECT date_trunc('hour', occurred_at), tenant_id, lane, channel, provider, status FROM o WHERE status <> 'ACCEPTED')
            SELECT hour, tenant_id, lane, channel, provider,
                   count(*) FILTER (WHERE status = 'ACCEPTED') AS accepted,
                   count(*) FILTER (WHERE status = 'ROUTED') AS routed,
                   count(*) FILTER (WHERE status = 'DEFERRED') AS deferred,
                   count(*) FILTER (WHERE status = 'FAILED_OVER') AS failed_over,
                   count(*) FILTER (WHERE status = 'PARKED') AS parked,
                   count(*) FILTER (WHERE status = 'REPLAYED') AS replayed,
                   count(*) FILTER (WHERE status = 'SENT') AS sent,
                   count(*) FILTER (WHERE status = 'DELIVERED') AS delivered,
                   count(*) FILTER (WHERE status = 'FAILED') AS failed,
                   count(*) FILTER (WHERE status = 'EXPIRED') AS expired,
                   count(*) FILTER (WHERE status = 'SUPPRESSED') AS suppressed,
                   count(*) FILTER (WHERE status = 'DUPLICATE') AS duplicate,
                   count(*) FILTER (WHERE status IN ('UNCERTAIN', 'CHANNEL_EXHAUSTED', 'SKIPPED')) AS other
            FROM events
            GROUP BY ALL
            ORDER BY hour, tenant_id, lane NULLS FIRST, channel NULLS FIRST, provider NULLS FIRST""");

    public static final Report LATENCY = new Report("latency",
            "Accepted-to-SENT latency per lane (requested priority): count and exact percentiles (quantile_disc) in ms.",
            "WITH " + A + """
            ,
            s AS (SELECT notification_id, min(occurred_at) AS sent_at FROM outcomes WHERE status = 'SENT' GROUP BY notification_id),
            l AS (SELECT a.lane, date_diff('millisecond', a.accepted_at, s.sent_at) AS ms FROM a JOIN s USING (notification_id))
            SELECT lane, count(*) AS sent,
                   quantile_disc(ms, 0.5) AS p50_ms, quantile_disc(ms, 0.9) AS p90_ms,
                   quantile_disc(ms, 0.99) AS p99_ms, max(ms) AS max_ms
            FROM l GROUP BY lane ORDER BY lane""");

    public static final Report FAILOVERS = new Report("failovers",
            "Failovers per hour, tenant, lane, channel and provider failed away from, with the provider code and the reason.",
            "WITH " + O + """

            SELECT date_trunc('hour', occurred_at) AS hour, tenant_id, lane, channel, provider, provider_code,
                   coalesce(detail, rule) AS reason, count(*) AS failovers
            FROM o WHERE status = 'FAILED_OVER'
            GROUP BY ALL ORDER BY ALL""");

    public static final Report PROVIDER_CODES = new Report("provider-codes",
            "Provider replies per provider per minute: code, status and error class (e.g. '451 4.3.2' during an outage).",
            "WITH " + O + """

            SELECT date_trunc('minute', occurred_at) AS minute, provider, provider_code, status, error_class, count(*) AS events
            FROM o WHERE provider IS NOT NULL AND provider_code IS NOT NULL
            GROUP BY ALL ORDER BY ALL""");

    public static final Report PARKED = new Report("parked",
            "Parked backlog and replay waves per minute: newly parked, released (left PARKED), replayed, backlog after the minute.",
            """
            WITH ev AS (
                SELECT occurred_at, status, lag(status) OVER (PARTITION BY notification_id ORDER BY occurred_at, event_id) AS prev
                FROM outcomes WHERE (:tenant IS NULL OR tenant_id = :tenant)),
            d AS (
                SELECT date_trunc('minute', occurred_at) AS minute,
                       count(*) FILTER (WHERE status = 'PARKED' AND prev IS DISTINCT FROM 'PARKED') AS parked,
                       count(*) FILTER (WHERE status <> 'PARKED' AND prev = 'PARKED') AS released,
                       count(*) FILTER (WHERE status = 'REPLAYED') AS replayed
                FROM ev GROUP BY 1),
            b AS (SELECT *, CAST(sum(parked - released) OVER (ORDER BY minute) AS BIGINT) AS backlog FROM d)
            SELECT minute, parked, released, replayed, backlog FROM b
            WHERE (parked > 0 OR released > 0 OR replayed > 0) AND minute >= date_trunc('minute', :from) AND minute < :to
            ORDER BY minute""");

    public static final Report HEALTH = new Report("health",
            "Provider health timeline: every transition with its reason and source.",
            """
            SELECT since AS changed_at, provider_id, channel, previous_state, state, reason, source, operator_override
            FROM health WHERE since >= :from AND since < :to
            ORDER BY since, provider_id, src_partition, src_offset""");

    public static final Report INCIDENTS = new Report("incidents",
            "One row per time a provider went DOWN: MTTD (first transient failure since its last success to DOWN) and time to recovery (DOWN to HEALTHY).",
            """
            WITH h AS (
                SELECT *, lag(state) OVER (PARTITION BY provider_id ORDER BY since, src_partition, src_offset) AS prev
                FROM health),
            downs AS (SELECT * FROM h WHERE state = 'DOWN' AND prev IS DISTINCT FROM 'DOWN' AND since >= :from AND since < :to),
            d1 AS (
                SELECT d.provider_id, d.channel, d.since, d.reason, d.source,
                       (SELECT max(s.occurred_at) FROM outcomes s WHERE s.provider = d.provider_id
                            AND s.status IN ('SENT', 'DELIVERED') AND s.occurred_at <= d.since) AS last_ok,
                       (SELECT max(p.since) FROM health p WHERE p.provider_id = d.provider_id
                            AND p.state = 'HEALTHY' AND p.since < d.since) AS prev_healthy,
                       (SELECT min(r.since) FROM health r WHERE r.provider_id = d.provider_id
                            AND r.state = 'HEALTHY' AND r.since > d.since) AS recovered_at
                FROM downs d),
            d2 AS (
                SELECT d1.*,
                       (SELECT min(f.occurred_at) FROM outcomes f WHERE f.provider = d1.provider_id
                            AND f.status IN ('DEFERRED', 'UNCERTAIN', 'FAILED') AND f.error_class IN ('TRANSIENT', 'UNCERTAIN')
                            AND f.occurred_at <= d1.since
                            AND f.occurred_at > greatest(coalesce(d1.last_ok, TIMESTAMP '1970-01-01'),
                                                coalesce(d1.prev_healthy, TIMESTAMP '1970-01-01'))) AS first_failure_at
                FROM d1)
            SELECT provider_id, channel, since AS down_at, reason, source, first_failure_at,
                   date_diff('millisecond', first_failure_at, since) AS mttd_ms,
                   recovered_at, date_diff('millisecond', since, recovered_at) AS time_to_recovery_ms
            FROM d2 ORDER BY down_at, provider_id""");

    /** Shared by the reconciliation report and its summary: one verdict per accepted notification. */
    static final String VERDICTS = "WITH " + A + """
            ,
            j AS (
                SELECT a.notification_id, a.tenant_id, a.lane, a.accepted_at,
                       coalesce(s.terminal_count, 0) AS terminal_count, s.last_status,
                       date_diff('second', a.accepted_at, :now) AS age_s
                FROM a LEFT JOIN v_notification_state s USING (notification_id)),
            v AS (
                SELECT *, CASE WHEN terminal_count = 1 THEN 'ok'
                               WHEN terminal_count > 1 THEN 'multiple-terminal'
                               WHEN last_status = 'PARKED' THEN 'parked'
                               WHEN accepted_at > :stale_before THEN 'in-flight'
                               ELSE 'missing-terminal' END AS verdict
                FROM j)
            """;

    public static final Report RECONCILIATION = new Report("reconciliation",
            "Accepted notifications without exactly one terminal state: 'missing-terminal' (none, not parked, older than the in-flight grace) and 'multiple-terminal'.",
            VERDICTS + """
            ,
            flagged AS (SELECT * FROM v WHERE verdict IN ('missing-terminal', 'multiple-terminal')),
            statuses AS (
                SELECT notification_id, string_agg(status, ',' ORDER BY occurred_at, event_id) AS terminal_statuses
                FROM outcomes
                WHERE status IN ('SENT', 'DELIVERED', 'FAILED', 'EXPIRED', 'SUPPRESSED', 'DUPLICATE')
                  AND notification_id IN (SELECT notification_id FROM flagged)
                GROUP BY notification_id)
            SELECT verdict, notification_id, tenant_id, lane, accepted_at, age_s, terminal_count, terminal_statuses, last_status
            FROM flagged LEFT JOIN statuses USING (notification_id)
            ORDER BY verdict, accepted_at, notification_id""");

    public static final Report RECONCILIATION_SUMMARY = new Report("reconciliation-summary",
            "How many accepted notifications are ok (exactly one terminal state), parked, in flight, missing a terminal state or have several.",
            VERDICTS + """
            SELECT count(*) AS accepted,
                   count(*) FILTER (WHERE verdict = 'ok') AS exactly_one,
                   count(*) FILTER (WHERE verdict = 'parked') AS parked,
                   count(*) FILTER (WHERE verdict = 'in-flight') AS in_flight,
                   count(*) FILTER (WHERE verdict = 'missing-terminal') AS missing_terminal,
                   count(*) FILTER (WHERE verdict = 'multiple-terminal') AS multiple_terminal
            FROM v""");

    public static final Report THROUGHPUT = new Report("throughput",
            "Per-lane throughput per minute: sent, deferred, parked and failed outcomes.",
            "WITH " + O + """

            SELECT date_trunc('minute', occurred_at) AS minute, lane,
                   count(*) FILTER (WHERE status = 'SENT') AS sent,
                   count(*) FILTER (WHERE status = 'DEFERRED') AS deferred,
                   count(*) FILTER (WHERE status = 'PARKED') AS parked,
                   count(*) FILTER (WHERE status IN ('FAILED', 'EXPIRED')) AS failed
            FROM o WHERE lane IS NOT NULL
            GROUP BY ALL ORDER BY ALL""");

    public static final Report PROVIDERS = new Report("providers",
            "Each provider's latest known health state (up to the 'to' bound).",
            """
            SELECT provider_id, channel, arg_max(state, since) AS state, max(since) AS since,
                   arg_max(reason, since) AS reason, arg_max(source, since) AS source,
                   count(*) AS transitions
            FROM health WHERE since < :to
            GROUP BY provider_id, channel ORDER BY provider_id""");

    private static final Map<String, Report> ALL = index(List.of(FUNNEL, LATENCY, FAILOVERS, PROVIDER_CODES, PARKED, HEALTH,
            INCIDENTS, RECONCILIATION, RECONCILIATION_SUMMARY, THROUGHPUT, PROVIDERS));

    private Reports() {
    }

    public static Optional<Report> named(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<Report> all() {
        return List.copyOf(ALL.values());
    }

    private static Map<String, Report> index(List<Report> reports) {
        Map<String, Report> map = new LinkedHashMap<>();
        for (Report r : reports) map.put(r.name(), r);
        return map;
    }
}
