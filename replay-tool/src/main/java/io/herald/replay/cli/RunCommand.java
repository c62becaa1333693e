package io.herald.replay.cli;

import io.herald.replay.dryrun.DryRunAction;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.ReplayListener;
import io.herald.replay.engine.ReplayRun;
import io.herald.replay.engine.ReplaySpec;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunState;
import io.herald.replay.engine.RunStore;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.gate.AbortPolicy;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.health.LiveHealth;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceException;
import io.herald.replay.pace.PaceParser;
import io.herald.replay.report.DryRun;
import io.herald.replay.report.DryRunReport;
import io.herald.replay.select.ReplayFilter;
import io.herald.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald-replay run}: copy a selected backlog to the replay topic, paced, gated, exactly once; or predict it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Replay selected records from a parked or DLQ topic to notify.replay.v1 (or --to), "
                + "paced by --rate, --ramp or --waves; --dry-run prints what would happen and writes nothing.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;
    @Mixin
    FilterOptions filters;

    @Option(names = "--from", required = true, paramLabel = "TOPIC", description = "Source topic (parked or DLQ).")
    String from;
    @Option(names = "--to", paramLabel = "TOPIC", defaultValue = TopicNames.REPLAY, description = "Target topic (default: ${DEFAULT-VALUE}).")
    String to;
    @Option(names = "--kind", paramLabel = "KIND", description = "parked, dlq or request (default: guessed from the source name).")
    SourceKind kind;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PaceOptions pace;

    static final class PaceOptions {
        @Option(names = "--rate", paramLabel = "RATE", description = "Steady rate, e.g. 50/s, 3000/m.")
        String rate;
        @Option(names = "--waves", paramLabel = "WAVES", description = "Waves, e.g. 10%%/5m: 10%% of the selected backlog every 5 minutes.")
        String waves;
        @Option(names = "--ramp", paramLabel = "RAMP", description = "Linear ramp, e.g. 10/s..200/s@10m.")
        String ramp;
    }

    @Option(names = "--max-rate", paramLabel = "RATE", description = "Rate cap inside each wave (with --waves).")
    String maxRate;
    @Option(names = "--gate", paramLabel = "provider=ID[,max-deferral=R][,min-attempts=N]",
            description = "Ask before each wave (every --gate-interval for rates): provider HEALTHY and live deferral ratio below R (default 0.2).")
    String gate;
    @Option(names = "--gate-interval", paramLabel = "DURATION", defaultValue = "5s", description = "Gate checks for rate pacing (default: ${DEFAULT-VALUE}).")
    String gateInterval;
    @Option(names = "--abort-failure-ratio", paramLabel = "R",
            description = "Abort when more than R of the replayed messages with a known outcome failed (e.g. 0.1).")
    Double abortRatio;
    @Option(names = "--abort-min-outcomes", paramLabel = "N", defaultValue = "20", description = "Outcomes needed before aborting (default: ${DEFAULT-VALUE}).")
    int abortMinOutcomes;
    @Option(names = "--id", paramLabel = "ID", description = "Replay id; run again with the same id to resume after a crash or halt (default: generated).")
    String id;
    @Option(names = "--by", paramLabel = "WHO", defaultValue = "${env:USER:-operator}", description = "Who replays (header herald.replay.by).")
    String by;
    @Option(names = "--why", paramLabel = "WHY", defaultValue = "operator replay", description = "Why you replay (header herald.replay.reason).")
    String reason;
    @Option(names = "--resend-uncertain", description = "Also resend notifications whose delivery is UNCERTAIN "
            + "(the provider may have delivered them: recipients may get them twice). Without it the router skips them.")
    boolean resendUncertain;
    @Option(names = "--dry-run", description = "Print what would happen to each selected message; write nothing.")
    boolean dryRun;
    @Option(names = "--no-progress", negatable = true, defaultValue = "true", description = "Show a live progress bar (default: on).")
    boolean progress;
    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "100ms", description = "Transaction length (default: ${DEFAULT-VALUE}).")
    String commitInterval;
    @Option(names = "--outcome-topic", paramLabel = "TOPIC", defaultValue = TopicNames.OUTCOME, description = "Outcomes (default: ${DEFAULT-VALUE}).")
    String outcomeTopic;
    @Option(names = "--preference-topic", paramLabel = "TOPIC", defaultValue = TopicNames.PREFERENCE, description = "Preferences for dry runs (default: ${DEFAULT-VALUE}).")
    String preferenceTopic;
    @Option(names = "--health-topic", paramLabel = "TOPIC", defaultValue = TopicNames.PROVIDER_HEALTH, description = "Provider health for --gate (default: ${DEFAULT-VALUE}).")
    String healthTopic;
    @Option(names = "--runs-topic", paramLabel = "TOPIC", defaultValue = RunStore.DEFAULT_TOPIC, description = "Replay run records (default: ${DEFAULT-VALUE}).")
    String runsTopic;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReplayFilter filter = filters.filter(Clock.systemUTC());
        Pace chosen = pace();
        GateOption gateOption = gate == null ? null : GateOption.parse(gate);
        ReplayClients clients = connection.clients();
        try (Admin admin = clients.admin()) {
            clients.requireTopics(admin, from);
            if (!dryRun) clients.requireTopics(admin, to);
        }
        if (dryRun) return dryRun(clients, filter, out);
        String replayId = id != null ? id : "r-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Clock.systemUTC().instant()) + "-" + UUID.randomUUID().toString().substring(0, 4);
        Duration commit = PaceParser.duration("--commit-interval " + commitInterval, commitInterval);
        Duration gateEvery = PaceParser.duration("--gate-interval " + gateInterval, gateInterval);
        ReplaySpec replay = new ReplaySpec(replayId, from, kind, to, filter, chosen,
                abortRatio == null ? null : new AbortPolicy(abortRatio, abortMinOutcomes), by, reason, null, null, commit, gateEvery,
                outcomeTopic, resendUncertain);
        out.printf("replay %s: %s → %s, filter %s, pace %s%s%s%n", replayId, from, to, filter, chosen,
                gate == null ? "" : ", gate " + gate, resendUncertain ? ", resending UNCERTAIN" : "");
        out.flush();
        LiveHealth health = null;
        try {
            ReplayGate replayGate = ReplayGate.OPEN;
            if (gateOption != null) {
                GateOption g = gateOption;
                health = new LiveHealth(clients, healthTopic, outcomeTopic, Duration.ofSeconds(60), Clock.systemUTC()).start();
                health.awaitCaughtUp(clients.timeout());
                replayGate = health.gate(g.provider(), g.policy());
            }
            ReplayRun run = new ReplayRun(clients, new RunStore(clients, runsTopic), replay, replayGate,
                    progress ? new Progress(out) : ReplayListener.NONE, Clock.systemUTC());
            RunRecord result = run.call();
            out.printf("replay %s %s: %d of %d copied%s%n", replayId, result.state(), result.copied(), result.selected(),
                    result.detail() == null ? "" : " (" + result.detail() + ")");
            if (result.state() == RunState.HALTED) out.printf("resume with: herald-replay run --id %s ... (same options)%n", replayId);
            out.flush();
            return switch (result.state()) {
                case FINISHED -> ExitCodes.OK;
                case ABORTED -> ExitCodes.ABORTED;
                default -> ExitCodes.HALTED;
            };
        } finally {
            if (health != null) health.close();
        }
    }

    private Pace pace() {
        if (pace == null) {
            if (dryRun) return new Pace.Unlimited();
            throw new PaceException("", "choose one of --rate, --waves or --ramp");
        }
        if (pace.rate != null) return PaceParser.rate(pace.rate);
        if (pace.ramp != null) return PaceParser.parse(pace.ramp);
        Pace.Waves waves = PaceParser.waves(pace.waves);
        return maxRate == null ? waves : new Pace.Waves(waves.percent(), waves.interval(), PaceParser.rate(maxRate));
    }

    private int dryRun(ReplayClients clients, ReplayFilter filter, PrintWriter out) {
        out.printf("DRY RUN (nothing is written): %s → %s, filter %s%n", from, to, filter);
        DryRunReport report = new DryRun(clients, outcomeTopic, preferenceTopic, Clock.systemUTC()).run(from, kind, filter);
        for (DryRunReport.Line line : report.lines()) {
            out.printf("  %d@%-8d %-40s %-26s %s%n", line.partition(), line.offset(), line.notificationId(),
                    line.action().label(), line.why());
        }
        report.notes().forEach(n -> out.println("note: " + n));
        out.printf("%d selected of %d scanned: %d would send, %d would expire, %d would skip (already sent), %d would be suppressed%n",
                report.selected(), report.scanned(), report.count(DryRunAction.WOULD_SEND), report.count(DryRunAction.WOULD_EXPIRE),
                report.count(DryRunAction.WOULD_SKIP_ALREADY_SENT), report.count(DryRunAction.WOULD_SUPPRESS));
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code provider=ID[,max-deferral=R][,min-attempts=N]}. */
    record GateOption(String provider, GatePolicy policy) {
        static GateOption parse(String text) {
            String provider = null;
            double maxDeferral = GatePolicy.DEFAULT.maxDeferralRatio();
            int minAttempts = GatePolicy.DEFAULT.minAttempts();
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2) throw new PaceException(text, "--gate expects provider=ID[,max-deferral=R][,min-attempts=N]");
                switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "provider" -> provider = kv[1].trim();
                    case "max-deferral" -> maxDeferral = Double.parseDouble(kv[1].trim());
                    case "min-attempts" -> minAttempts = Integer.parseInt(kv[1].trim());
                    default -> throw new PaceException(text, "unknown gate setting '" + kv[0].trim() + "'");
                }
            }
            if (provider == null || provider.isEmpty()) throw new PaceException(text, "--gate needs provider=ID");
            return new GateOption(provider, new GatePolicy(maxDeferral, minAttempts, true));
        }
    }

    /** Redraws one progress line at most every 250 ms, and a final line at the end. */
    static final class Progress implements ReplayListener {
        private final PrintWriter out;
        private long startedNanos;
        private long startCopied;
        private long lastDraw;
        private long total;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onStart(RunRecord run) {
            startedNanos = System.nanoTime();
            startCopied = run.copied();
            total = run.selected();
            out.printf("%d selected%s%n", total, run.copied() > 0 ? ", resuming at " + run.copied() : "");
            out.flush();
        }

        @Override
        public void onWave(long wave, long waves) {
            out.printf("%nwave %d/%d%n", wave + 1, waves);
            out.flush();
        }

        @Override
        public void onCommit(RunRecord run) {
            long now = System.nanoTime();
            if (now - lastDraw < 250_000_000L && run.copied() < total) return;
            lastDraw = now;
            draw(run);
        }

        @Override
        public void onEnd(RunRecord run) {
            draw(run);
            out.println();
            out.flush();
        }

        private void draw(RunRecord run) {
            double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
            double rate = (run.copied() - startCopied) / seconds;
            out.print("\r" + ProgressBar.render(run.copied(), run.selected(), rate,
                    ProgressBar.eta(run.copied(), run.selected(), rate), 30));
            out.flush();
        }
    }
}
