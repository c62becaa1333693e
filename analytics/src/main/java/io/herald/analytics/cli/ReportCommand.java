package io.herald.analytics.cli;

import io.herald.analytics.AnalyticsKeys;
import io.herald.analytics.report.Filter;
import io.herald.analytics.report.QueryRunner;
import io.herald.analytics.report.Report;
import io.herald.analytics.report.ReportService;
import io.herald.analytics.report.Reports;
import io.herald.analytics.report.Table;
import io.herald.analytics.store.AnalyticsStore;
import io.herald.runtime.config.Durations;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code herald analytics report NAME}: one named report. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Print a named report: funnel, latency, failovers, "
        + "provider-codes, parked, health, incidents, reconciliation, reconciliation-summary, throughput, providers.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "NAME", description = "The report's name.")
    String name;

    @Option(names = "--from", description = "Start of the time range, ISO-8601 (e.g. 2026-11-30T09:00:00Z).")
    Instant from;

    @Option(names = "--to", description = "End of the time range (exclusive), ISO-8601.")
    Instant to;

    @Option(names = "--tenant", description = "Only this tenant (tenant keys are always limited to their own).")
    String tenant;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output format;

    @Option(names = "--in-flight-grace", description = "--db mode: reconciliation's in-flight grace, e.g. 15m, 30s (default: "
            + "the configuration's analytics.in-flight-grace, 15m unless configured).")
    String grace;

    @Override
    public Integer call() throws Exception {
        return Run.guarded(spec, () -> {
            Table table;
            if (target.db != null) {
                Report report = Reports.named(name).orElseThrow(() -> new Target.Failure(404, "no report named '" + name
                        + "'; known: " + Reports.all().stream().map(Report::name).toList()));
                try (AnalyticsStore store = AnalyticsStore.openReadOnly(target.db);
                     QueryRunner runner = new QueryRunner(store, Duration.ofMinutes(5))) {
                    table = new ReportService(runner, Clock.systemUTC(), grace()).run(report, new Filter(from, to, tenant));
                }
            } else {
                List<String> query = new ArrayList<>();
                if (from != null) query.add("from=" + from);
                if (to != null) query.add("to=" + to);
                if (tenant != null) query.add("tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8));
                String path = "/v1/analytics/reports/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                        + (query.isEmpty() ? "" : "?" + String.join("&", query));
                table = Target.table(target.get(path, "application/json").body());
            }
            spec.commandLine().getOut().print(format.render(table));
        });
    }

    private Duration grace() {
        if (grace == null) return target.config().get(AnalyticsKeys.IN_FLIGHT_GRACE);
        try {
            return Durations.parse(grace);
        } catch (IllegalArgumentException e) {
            throw new Target.Failure(400, "--in-flight-grace: " + e.getMessage());
        }
    }
}
