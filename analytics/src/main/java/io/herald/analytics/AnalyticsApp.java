package io.herald.analytics;

import io.herald.analytics.dashboard.DashboardData;
import io.herald.analytics.dashboard.LaneLag;
import io.herald.analytics.http.AnalyticsRoutes;
import io.herald.analytics.report.AdHocSql;
import io.herald.analytics.report.ParquetExport;
import io.herald.analytics.report.QueryRunner;
import io.herald.analytics.report.ReportService;
import io.herald.analytics.sink.AnalyticsSink;
import io.herald.analytics.store.AnalyticsStore;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics service's composition root: the DuckDB store, the sink that fills it from Kafka, the reports
 * and the HTTP API with the dashboard. Built with {@code new}, started by {@link #start()}, closed in reverse.
 */
public final class AnalyticsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsApp.class);
    /** How far back the dashboard looks. */
    static final Duration DASHBOARD_WINDOW = Duration.ofMinutes(60);

    private final AnalyticsConfig config;
    private final AnalyticsStore store;
    private final QueryRunner runner;
    private final ReportService reports;
    private final AnalyticsSink sink;
    private final LaneLag laneLag;
    private final Javalin javalin;
    private boolean started;

    public AnalyticsApp(AnalyticsConfig config) {
        this(config, Clock.systemUTC());
    }

    public AnalyticsApp(AnalyticsConfig config, Clock clock) {
        this.config = config;
        this.store = AnalyticsStore.open(config.dbPath(), config.exportDir());
        this.runner = new QueryRunner(store, config.sqlTimeout());
        this.reports = new ReportService(runner, clock, config.inFlightGrace());
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(config.registry()));
        this.sink = new AnalyticsSink(config.kafka(), config.groupId(), config.batchMax(), topics,
                new AnalyticsSink.Sources(config.outcomeTopic(), config.healthTopic(), config.requestTopic(),
                        config.criticalRequestTopic()), store, clock);
        this.laneLag = new LaneLag(config.kafka(), config.workerGroupPrefix(), clock, Duration.ofSeconds(5));
        DashboardData dashboard = new DashboardData(reports, clock, DASHBOARD_WINDOW,
                () -> new DashboardData.SinkStatus(sink.stored(), sink.lastBatchAt(), sink.healthy()), laneLag::current);
        AnalyticsRoutes.Dependencies deps = new AnalyticsRoutes.Dependencies(config.apiKeys(), reports,
                new AdHocSql(runner, config.sqlMaxRows()), new ParquetExport(store), dashboard, config.dashboardOpen(),
                this::live, this::ready);
        this.javalin = Javalin.create(javalinConfig -> {
            javalinConfig.jetty.host = config.host();
            javalinConfig.jetty.port = config.port();
            AnalyticsRoutes.register(javalinConfig, deps);
        });
    }

    public AnalyticsApp start() {
        LOG.info("starting analytics with {}", config);
        sink.start();
        javalin.start();
        started = true;
        LOG.info("analytics listening on {} (dashboard {}/dashboard)", url(), url());
        return this;
    }

    /** Live until the sink stopped on a failure: it does not restart itself, and the store would go stale. */
    public boolean live() {
        return !sink.failed();
    }

    public boolean ready() {
        return started && sink.healthy();
    }

    public int port() {
        return javalin.port();
    }

    /** Base URL on loopback when bound to every interface, for banners and tests. */
    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    public ReportService reports() {
        return reports;
    }

    public AnalyticsSink sink() {
        return sink;
    }

    public AnalyticsStore store() {
        return store;
    }

    @Override
    public void close() {
        LOG.info("stopping analytics HTTP");
        javalin.stop();
        LOG.info("stopping analytics sink");
        sink.close();
        runner.close();
        laneLag.close();
        LOG.info("closing analytics store");
        store.close();
    }
}
