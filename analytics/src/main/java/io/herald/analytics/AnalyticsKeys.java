package io.herald.analytics;

import io.herald.runtime.config.Key;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The analytics service's keys: its DuckDB store, HTTP API and dashboard, the sink's topics and batch, and the
 * limits of ad-hoc SQL. Most environment names are what the service read before the shared configuration
 * model ({@code HERALD_ANALYTICS_BATCH_MAX} is {@code analytics.batch-max}); the two that changed are deprecated.
 */
public final class AnalyticsKeys {
    private static final String POSITIVE = "must be positive";

    public static final Key<Path> DB_PATH = Key.path("analytics.db-path").defaultValue(Path.of("data/analytics/herald.duckdb"))
            .doc("The DuckDB file the sink writes and the reports read (one process holds it).").build();
    public static final Key<Path> EXPORT_DIR = Key.path("analytics.export-dir").defaultText("exports beside analytics.db-path")
            .doc("The only directory SQL may write to: Parquet exports.").build();
    public static final Key<String> HTTP_HOST = Key.string("analytics.http.host").defaultValue("0.0.0.0").legacy("HERALD_ANALYTICS_HOST")
            .doc("Listen address of the analytics API and the dashboard.").build();
    public static final Key<Integer> HTTP_PORT = Key.integer("analytics.http.port").defaultValue(8084)
            .check(p -> p >= 0 && p <= 65_535, "must be a port (0-65535)").legacy("HERALD_ANALYTICS_PORT")
            .doc("Port of the analytics API and the dashboard; 0 = any free port (the local stack uses `local.analytics.port`).")
            .build();
    public static final Key<String> GROUP_ID = Key.string("analytics.group-id").defaultValue("herald-analytics")
            .doc("The sink's consumer group (its committed offsets are where a restart resumes).").build();
    public static final Key<String> OUTCOME_TOPIC = Key.string("analytics.outcome-topic").defaultValue(TopicNames.OUTCOME)
            .doc("Outcomes the sink stores.").build();
    public static final Key<String> HEALTH_TOPIC = Key.string("analytics.health-topic").defaultValue(TopicNames.PROVIDER_HEALTH)
            .doc("Provider health transitions the sink stores.").build();
    public static final Key<String> REQUEST_TOPIC = Key.string("analytics.request-topic").defaultValue(TopicNames.REQUEST)
            .doc("Accepted requests (the funnel and the reconciliation start from them).").build();
    public static final Key<String> CRITICAL_REQUEST_TOPIC = Key.string("analytics.critical-request-topic")
            .defaultValue(TopicNames.REQUEST_CRITICAL)
            .doc("Accepted requests of the critical lane, which ingest writes to their own topic.").build();
    public static final Key<Integer> BATCH_MAX = Key.integer("analytics.batch-max").defaultValue(5000).check(n -> n >= 1, "must be >= 1")
            .doc("Records per poll and per DuckDB transaction (bounds the sink's memory).").build();
    public static final Key<Duration> SQL_TIMEOUT = Key.duration("analytics.sql.timeout").defaultValue(Duration.ofSeconds(10))
            .check(AnalyticsKeys::positive, POSITIVE)
            .doc("Statement time limit of ad-hoc SQL and of reports (raise it for whole-history reports over a large store).").build();
    public static final Key<Integer> SQL_MAX_ROWS = Key.integer("analytics.sql.max-rows").defaultValue(10_000)
            .check(n -> n >= 1, "must be >= 1").doc("Rows returned by ad-hoc SQL at most (more: the answer says truncated).").build();
    public static final Key<Duration> IN_FLIGHT_GRACE = Key.duration("analytics.in-flight-grace").defaultValue(Duration.ofMinutes(15))
            .check(d -> !d.isNegative(), "must not be negative")
            .doc("Reconciliation: a younger accepted notification without a terminal state is in flight, not missing.").build();
    public static final Key<String> ADMIN_KEYS = Key.string("analytics.admin-keys").secret()
            .doc("Admin keys, comma-separated `keyId:sha256hex`: every tenant, SQL, export and the dashboard. Tenant keys are "
                    + "the ingest service's `ingest.api-keys` (tenant-scoped reports).").build();
    public static final Key<Boolean> DASHBOARD_OPEN = Key.bool("analytics.dashboard-open").defaultValue(false)
            .doc("true: the dashboard's aggregate data needs no key (the local stack on loopback).").build();
    public static final Key<String> LAG_GROUP_PREFIX = Key.string("analytics.lag-group-prefix")
            .defaultText("workers.group-prefix")
            .doc("Worker consumer groups (`<prefix>-<channel>`) whose dispatch lag the dashboard shows.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Analytics",
            "`herald analytics serve [--config FILE]` (in the local stack: part of `herald up`): the outcome sink into DuckDB, "
                    + "reports, read-only SQL and the operators' dashboard.",
            DB_PATH, EXPORT_DIR, HTTP_HOST, HTTP_PORT, GROUP_ID, OUTCOME_TOPIC, HEALTH_TOPIC, REQUEST_TOPIC, CRITICAL_REQUEST_TOPIC, BATCH_MAX, SQL_TIMEOUT,
            SQL_MAX_ROWS, IN_FLIGHT_GRACE, ADMIN_KEYS, DASHBOARD_OPEN, LAG_GROUP_PREFIX)
            .owning("analytics");

    /**
     * Keys of other services that analytics reads as they are: the tenants' API keys (ingest's) and the workers'
     * group prefix. They are declared by {@code IngestKeys} and {@code WorkerKeys}, in modules analytics does not
     * depend on; these copies (same names and deprecated names) let the service read them on its own, and are
     * left out of the reference, where the originals are.
     */
    static final Key<String> TENANT_API_KEYS = Key.string("ingest.api-keys").secret()
            .doc("Tenant API keys, `tenant:keyId:sha256hex` (the ingest service's).").build();
    static final Key<String> WORKER_GROUP_PREFIX = Key.string("workers.group-prefix").defaultValue("herald-workers")
            .legacy("HERALD_WORKER_GROUP_PREFIX").doc("The workers' consumer group prefix.").build();
    private static final KeyCatalogue SHARED = KeyCatalogue.of("Read from other services", "", TENANT_API_KEYS, WORKER_GROUP_PREFIX);

    /** Everything the analytics service reads. */
    public static final List<KeyCatalogue> ALL = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE, CATALOGUE, SHARED);

    private AnalyticsKeys() {
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
