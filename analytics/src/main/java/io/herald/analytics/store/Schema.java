package io.herald.analytics.store;

import java.util.List;

/**
 * The DuckDB schema of the analytics store. Only ids, tenant, channel, provider, lane, status, codes,
 * timings and reasons are kept: never a recipient, an address, a phone number or a message body.
 * Timestamps are UTC {@code TIMESTAMP}s. Documented in {@code docs/analytics.md}.
 */
public final class Schema {
    /** Statuses after which a notification is done (see {@code OutcomeStatus}). */
    public static final List<String> TERMINAL = List.of("SENT", "DELIVERED", "FAILED", "EXPIRED", "SUPPRESSED", "DUPLICATE");

    private Schema() {
    }

    /**
     * One row per outcome event. The event id identifies it: the sink stores an event id once (see
     * {@link #INSERT_OUTCOMES}). There is no PRIMARY KEY on purpose: DuckDB's index on ten million random ids
     * made each batch's commit several times slower than the insert itself.
     */
    static final String OUTCOMES = """
            CREATE TABLE IF NOT EXISTS outcomes (
                event_id        VARCHAR NOT NULL,
                notification_id VARCHAR NOT NULL,
                tenant_id       VARCHAR NOT NULL,
                occurred_at     TIMESTAMP NOT NULL,
                stage           VARCHAR NOT NULL,
                status          VARCHAR NOT NULL,
                channel         VARCHAR,
                lane            VARCHAR,
                category        VARCHAR,
                provider        VARCHAR,
                attempt         INTEGER NOT NULL,
                error_class     VARCHAR,
                provider_code   VARCHAR,
                detail          VARCHAR,
                latency_ms      BIGINT,
                rule            VARCHAR,
                src_partition   INTEGER NOT NULL,
                src_offset      BIGINT NOT NULL
            )""";

    /**
     * What ingest accepted (from {@code notify.request.v1}): the start of the funnel and of reconciliation.
     * {@code accepted_at} is the record's timestamp, i.e. when ingest wrote it.
     */
    static final String ACCEPTED = """
            CREATE TABLE IF NOT EXISTS accepted (
                notification_id VARCHAR NOT NULL,
                tenant_id       VARCHAR NOT NULL,
                priority        VARCHAR NOT NULL,
                category        VARCHAR,
                channels        VARCHAR NOT NULL,
                first_channel   VARCHAR,
                created_at      TIMESTAMP NOT NULL,
                expires_at      TIMESTAMP,
                accepted_at     TIMESTAMP NOT NULL,
                src_partition   INTEGER NOT NULL,
                src_offset      BIGINT NOT NULL
            )""";

    /** Every provider health transition, keyed by its position on the (compacted) health topic. */
    static final String HEALTH = """
            CREATE TABLE IF NOT EXISTS health (
                src_partition     INTEGER NOT NULL,
                src_offset        BIGINT NOT NULL,
                provider_id       VARCHAR NOT NULL,
                channel           VARCHAR NOT NULL,
                state             VARCHAR NOT NULL,
                previous_state    VARCHAR,
                since             TIMESTAMP NOT NULL,
                reason            VARCHAR,
                source            VARCHAR,
                operator_override BOOLEAN NOT NULL,
                window_attempts   INTEGER,
                failure_ratio     DOUBLE,
                PRIMARY KEY (src_partition, src_offset)
            )""";

    /** Records the sink could not decode: kept as data (position and error), never dropped silently. */
    static final String SINK_ERRORS = """
            CREATE TABLE IF NOT EXISTS sink_errors (
                topic         VARCHAR NOT NULL,
                src_partition INTEGER NOT NULL,
                src_offset    BIGINT NOT NULL,
                error         VARCHAR NOT NULL,
                seen_at       TIMESTAMP NOT NULL,
                PRIMARY KEY (topic, src_partition, src_offset)
            )""";

    /** Accepted notifications, from the request topic or (should ingest ever emit one) an ACCEPTED outcome. */
    static final String V_ACCEPTED = """
            CREATE OR REPLACE VIEW v_accepted AS
            SELECT notification_id, tenant_id, priority AS lane, first_channel AS channel, accepted_at FROM accepted
            UNION ALL
            SELECT notification_id, any_value(tenant_id), any_value(lane), any_value(channel), min(occurred_at)
            FROM outcomes o
            WHERE status = 'ACCEPTED' AND NOT EXISTS (SELECT 1 FROM accepted a WHERE a.notification_id = o.notification_id)
            GROUP BY notification_id""";

    /** Per notification: how many terminal events it has and where it last was. */
    static final String V_NOTIFICATION_STATE = """
            CREATE OR REPLACE VIEW v_notification_state AS
            SELECT notification_id,
                   count(*) FILTER (WHERE status IN ('SENT','FAILED','EXPIRED','SUPPRESSED'))
                     + CASE WHEN count(*) FILTER (WHERE status = 'SENT') = 0
                            THEN count(*) FILTER (WHERE status = 'DELIVERED') ELSE 0 END
                     -- A DUPLICATE beside anything else is about a dropped copy (a retry carries the original's id), not
                     -- an end of the notification: it counts only on a timeline of nothing else (a copy with its own id).
                     + CASE WHEN count(*) FILTER (WHERE status NOT IN ('DUPLICATE','ACCEPTED')) = 0
                            THEN count(*) FILTER (WHERE status = 'DUPLICATE') ELSE 0 END AS terminal_count,
                   coalesce(arg_max(status, occurred_at) FILTER (WHERE status NOT IN ('ACCEPTED','REPLAYED','SKIPPED','DUPLICATE')),
                            arg_max(status, occurred_at) FILTER (WHERE status = 'DUPLICATE')) AS last_status,
                   max(occurred_at) AS last_at
            FROM outcomes GROUP BY notification_id""";

    /**
     * Moves staged outcomes whose event id is not stored yet (and only one copy of an id within the batch). The
     * two parameters bound the batch's event times: a copy of an event has the same time, so only row groups of
     * that range are read (DuckDB prunes the others by their min/max), which keeps the check cheap as the table grows.
     */
    static final String INSERT_OUTCOMES = """
            INSERT INTO outcomes
            SELECT * FROM stage_outcomes s
            WHERE NOT EXISTS (SELECT 1 FROM outcomes o
                              WHERE o.occurred_at BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)
                                AND o.event_id = s.event_id)
            QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY src_partition, src_offset) = 1""";

    /** The same for accepted requests, by notification id within the batch's acceptance times. */
    static final String INSERT_ACCEPTED = """
            INSERT INTO accepted
            SELECT * FROM stage_accepted s
            WHERE NOT EXISTS (SELECT 1 FROM accepted a
                              WHERE a.accepted_at BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)
                                AND a.notification_id = s.notification_id)
            QUALIFY row_number() OVER (PARTITION BY notification_id ORDER BY src_partition, src_offset) = 1""";

    /** Staging tables the appender fills, emptied after each batch (and at start, after a crash). */
    static List<String> staging() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS stage_outcomes AS SELECT * FROM outcomes LIMIT 0",
                "CREATE TABLE IF NOT EXISTS stage_accepted AS SELECT * FROM accepted LIMIT 0",
                "CREATE TABLE IF NOT EXISTS stage_health AS SELECT * FROM health LIMIT 0",
                "DELETE FROM stage_outcomes", "DELETE FROM stage_accepted", "DELETE FROM stage_health");
    }

    static List<String> all() {
        return List.of(OUTCOMES, ACCEPTED, HEALTH, SINK_ERRORS,
                V_ACCEPTED, V_NOTIFICATION_STATE);
    }
}
