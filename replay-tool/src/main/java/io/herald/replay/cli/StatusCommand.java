package io.herald.replay.cli;

import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunState;
import io.herald.replay.engine.RunStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald-replay status}: running and finished replays with their counts, from the runs topic. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "List running and finished replays with their counts.")
final class StatusCommand implements Callable<Integer> {
    /** A RUNNING record not updated for this long belongs to a process that probably died. */
    static final Duration STALE = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--id", paramLabel = "ID", description = "Only this replay.")
    String id;
    @Option(names = "--runs-topic", paramLabel = "TOPIC", defaultValue = RunStore.DEFAULT_TOPIC, description = "Replay run records (default: ${DEFAULT-VALUE}).")
    String runsTopic;

    @Override
    public Integer call() {
        ReplayClients clients = connection.clients();
        try (var admin = clients.admin()) {
            clients.requireTopics(admin); // reachability check: fails fast when the cluster is down
        }
        List<RunRecord> runs = new RunStore(clients, runsTopic).all().values().stream()
                .filter(r -> id == null || r.replayId().equals(id)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println(id == null ? "no replays recorded yet" : "no replay with id " + id);
            out.flush();
            return id == null ? ExitCodes.OK : ExitCodes.USAGE;
        }
        Instant now = Clock.systemUTC().instant();
        section(out, "Running", runs.stream().filter(r -> r.state() == RunState.RUNNING).toList(), now);
        section(out, "Finished / stopped", runs.stream().filter(r -> r.state() != RunState.RUNNING).toList(), now);
        out.flush();
        return ExitCodes.OK;
    }

    private static void section(PrintWriter out, String title, List<RunRecord> runs, Instant now) {
        out.println(title + ":");
        if (runs.isEmpty()) {
            out.println("  (none)");
            return;
        }
        out.printf("  %-28s %-9s %-26s %-18s %13s %5s %-16s %-20s %s%n", "ID", "STATE", "SOURCE", "TARGET", "COPIED/SELECTED",
                "%", "PACE", "UPDATED", "DETAIL");
        for (RunRecord r : runs) {
            String detail = r.detail() == null ? "" : r.detail();
            if (r.state() == RunState.RUNNING && Duration.between(r.updatedAt(), now).compareTo(STALE) > 0) {
                detail = "no update since " + r.updatedAt() + ": crashed? rerun with --id " + r.replayId() + " to resume";
            }
            out.printf("  %-28s %-9s %-26s %-18s %13s %5d %-16s %-20s %s%n", r.replayId(), r.state(), r.sourceTopic(), r.targetTopic(),
                    r.copied() + "/" + r.selected(), (int) Math.floor(r.fraction() * 100), r.pace(),
                    r.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), detail);
        }
    }
}
