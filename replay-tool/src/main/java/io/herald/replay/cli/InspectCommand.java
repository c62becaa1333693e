package io.herald.replay.cli;

import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.report.GroupBy;
import io.herald.replay.report.InspectReport;
import io.herald.replay.report.Inspector;
import io.herald.replay.select.ReplayFilter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald-replay inspect}: counts, time span and masked samples of a backlog, grouped by one dimension. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarise a parked or DLQ topic: counts per group, oldest/newest, PII-masked samples.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;
    @Mixin
    FilterOptions filters;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to inspect, e.g. notify.parked.email.v1, notify.dlq.v1.")
    String topic;
    @Option(names = "--group-by", paramLabel = "DIM", defaultValue = "reason",
            description = "reason, code, provider, channel, tenant or lane (default: ${DEFAULT-VALUE}).")
    GroupBy groupBy;
    @Option(names = "--samples", paramLabel = "N", defaultValue = "5", description = "Masked samples to print (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--kind", paramLabel = "KIND", description = "parked, dlq or request (default: guessed from the topic name).")
    SourceKind kind;

    @Override
    public Integer call() {
        ReplayFilter filter = filters.filter(Clock.systemUTC());
        ReplayClients clients = connection.clients();
        try (Admin admin = clients.admin()) {
            clients.requireTopics(admin, topic);
        }
        InspectReport report = new Inspector(clients).inspect(topic, kind, filter, groupBy, samples);
        print(report, filter, spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    static void print(InspectReport report, ReplayFilter filter, PrintWriter out) {
        out.printf("%s: %d scanned, %d selected (filter: %s), %d unreadable%n", report.topic(), report.scanned(),
                report.selected(), filter, report.unreadable());
        String dim = report.groupBy().name();
        int width = Math.max(dim.length(), report.groups().stream().mapToInt(g -> g.key().length()).max().orElse(0));
        out.printf("%-" + width + "s  %8s  %-24s  %-24s%n", dim, "COUNT", "OLDEST", "NEWEST");
        for (InspectReport.Group g : report.groups()) {
            out.printf("%-" + width + "s  %8d  %-24s  %-24s%n", g.key(), g.count(), g.oldest() == null ? "-" : g.oldest(),
                    g.newest() == null ? "-" : g.newest());
        }
        if (!report.samples().isEmpty()) {
            out.println("Samples (PII masked):");
            report.samples().forEach(s -> out.println("  " + s));
        }
        out.flush();
    }
}
