package io.herald.compose.cli;

import io.herald.compose.LocalStack;
import io.herald.compose.LocalStackConfig;
import io.herald.compose.WorkDirs;
import io.herald.compose.drill.DrillReport;
import io.herald.compose.drill.DrillSettings;
import io.herald.compose.drill.ExchangeOutageDrill;
import io.herald.compose.drill.LoadGenerator;
import io.herald.compose.drill.Mix;
import io.herald.compose.drill.RecipientDomains;
import io.herald.compose.drill.ReportMarkdown;
import io.herald.replay.pace.PaceParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald drill}: rehearse the outages Herald exists for, and report from the event log whether it kept its promises. */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "Rehearse a provider or recipient-destination outage against a running stack and report.",
        subcommands = {DrillCommand.ExchangeOutage.class, DrillCommand.ExchangeRecipients.class})
final class DrillCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Durations as everywhere in Herald: 500ms, 30s, 2m, 1h or ISO-8601. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return PaceParser.duration(value, value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (500ms, 30s, 2m, 1h)");
            }
        }
    }

    @Command(name = "exchange-outage", mixinStandardHelpOptions = true,
            description = {"Every mail provider answers 451 4.3.2 Temporary server error for a window while a mixed load flows;",
                    "then the providers recover. Reports MTTD, failover to SMS, latency, expired codes, the parked backlog and its",
                    "release in waves, duplicates and losses, computed from the event log. Exit code 1 when a promise is broken."})
    static class ExchangeOutage implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "outage window (default ${DEFAULT-VALUE})")
        Duration duration;
        @Option(names = "--rate", defaultValue = "5", description = "messages per second (default ${DEFAULT-VALUE})")
        double rate;
        @Option(names = "--mix", defaultValue = "critical=10,transactional=30,bulk=60", description = "lane weights (default ${DEFAULT-VALUE})")
        String mix;
        @Option(names = "--inject", defaultValue = "scripted",
                description = "scripted: the sink console makes every RCPT answer 451 4.3.2; override: an operator forces the mail providers DOWN (real providers). Default ${DEFAULT-VALUE}")
        DrillSettings.Inject inject;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "load before the outage (default ${DEFAULT-VALUE})")
        Duration warmup;
        @Option(names = "--cooldown", defaultValue = "20s", converter = DurationConverter.class, description = "load after the recovery (default ${DEFAULT-VALUE})")
        Duration cooldown;
        @Option(names = "--drain-timeout", defaultValue = "3m", converter = DurationConverter.class,
                description = "how long to wait for every notification to end or stay parked (default ${DEFAULT-VALUE})")
        Duration drainTimeout;
        @Option(names = "--settle", defaultValue = "90s", converter = DurationConverter.class,
                description = "an unfinished notification with an event this recent is in flight, not lost (default ${DEFAULT-VALUE})")
        Duration settle;
        @Option(names = "--code-expiry", defaultValue = "2m", converter = DurationConverter.class, description = "expiry of the critical codes (default ${DEFAULT-VALUE})")
        Duration codeExpiry;
        @Option(names = "--report-dir", defaultValue = "target/herald-drills", description = "where the JSON and Markdown reports go (default ${DEFAULT-VALUE})")
        Path reportDir;
        @Option(names = "--ingest-url", defaultValue = "${env:HERALD_INGEST_URL:-http://127.0.0.1:8080}", description = "ingest API (default ${DEFAULT-VALUE})")
        String ingestUrl;
        @Option(names = "--api-key", defaultValue = "${env:HERALD_LOCAL_API_KEY:-herald-local-key}", description = "ingest API key")
        String apiKey;
        @Option(names = "--sinks-url", defaultValue = "${env:HERALD_SINKS_URL:-http://127.0.0.1:8025}",
                description = "sink console (default ${DEFAULT-VALUE}); 'none' for real providers")
        String sinksUrl;
        @Option(names = "--bootstrap", defaultValue = "${env:HERALD_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:19092}", description = "Kafka (default ${DEFAULT-VALUE})")
        String bootstrap;
        @Option(names = "--registry", defaultValue = "${env:HERALD_SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}",
                description = "schema registry API (default ${DEFAULT-VALUE})")
        String registry;
        @Option(names = "--mail-providers", defaultValue = "smtp-primary,smtp-secondary", split = ",",
                description = "mail providers the outage hits (default ${DEFAULT-VALUE})")
        List<String> mailProviders;
        @Option(names = "--local", description = "start a local stack of its own (free ports, a temporary work dir) instead of using a running one")
        boolean local;
        /** The local stack's temporary directory, once created. */
        private Path localDir;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LocalStack stack = null;
            try {
                if (local) stack = startLocal(out);
                DrillSettings settings = settings(stack);
                ExchangeOutageDrill drill = new ExchangeOutageDrill(settings, err, Clock.systemUTC());
                DrillReport report = drill.run();
                String markdown = ReportMarkdown.write(report, reportDir, drillName() + "-" + drill.runId());
                out.println(markdown);
                out.println("Report: " + reportDir.resolve(drillName() + "-" + drill.runId() + ".json").toAbsolutePath());
                out.flush();
                return report.promisesKept() ? 0 : 1;
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return 2;
            } catch (RuntimeException e) {
                // A stack that will not start or cannot be reached: one line that says what, not a stack trace.
                err.println("drill failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                err.flush();
                return 1;
            } finally {
                if (stack != null) stack.close();
                deleteLocalDir(err);
            }
        }

        /** The local stack's broker log, state and analytics files: the report is written elsewhere ({@code --report-dir}). */
        private void deleteLocalDir(PrintWriter err) {
            if (localDir == null) return;
            try {
                WorkDirs.delete(localDir);
            } catch (IOException | RuntimeException e) {
                err.println("could not delete the local stack's directory " + localDir + ": " + e);
                err.flush();
            }
        }

        /** The report's file name prefix. */
        String drillName() {
            return "exchange-outage";
        }

        /** The drill's own local stack's extra settings, on top of the user's environment. */
        void localSettings(Map<String, String> env) {
        }

        DrillSettings settings(LocalStack stack) {
            String sinks = sinksUrl == null || sinksUrl.isBlank() || sinksUrl.equalsIgnoreCase("none") ? null : sinksUrl;
            String ingest = ingestUrl;
            String kafka = bootstrap;
            String reg = registry;
            String key = apiKey;
            if (stack != null) {
                ingest = stack.ingest().url();
                sinks = stack.sinks().url();
                kafka = stack.kafka().bootstrapServers();
                reg = stack.registry().confluentApiUrl();
                key = LocalStackConfig.ephemeral(Path.of(".")).apiKey();
            }
            return new DrillSettings(duration, rate, Mix.parse(mix), inject, warmup, cooldown, drainTimeout, settle, codeExpiry, reportDir,
                    ingest, key, sinks, kafka, reg, mailProviders, LoadGenerator.defaultChannels());
        }

        /**
         * The drill's own stack: the user's settings as {@code herald up} would take them, on free ports. Only the wave
         * pace of the release is shortened when the user did not set one (10%/5m would outlast any drill); it is not
         * what the drill tests, and the report shows the pace used.
         */
        private LocalStack startLocal(PrintWriter out) throws IOException {
            Map<String, String> env = new HashMap<>(System.getenv());
            localSettings(env);
            if (!env.containsKey("HERALD_AUTO_REPLAY_WAVES")) {
                env.put("HERALD_AUTO_REPLAY_WAVES", "25%/10s");
                // The relapse gate's window scaled with the waves, or the outage's own deferrals would hold the first one.
                env.putIfAbsent("HERALD_AUTO_REPLAY_DEFERRAL_WINDOW", "10s");
            }
            Path dir = Files.createTempDirectory("herald-drill-");
            localDir = dir;
            out.println("Starting a local stack in " + dir + " (deleted when the drill ends) ...");
            out.flush();
            LocalStack stack = new LocalStack(LocalStackConfig.ephemeral(dir), env).start();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!(stack.router().isReady() && stack.ingest().ready() && stack.workers().ready())) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the local stack did not become ready within 2 minutes");
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
            // Watch the drill live (analytics/dashboard-screenshot.sh reads this line to photograph it).
            out.println("Dashboard " + stack.analytics().url() + "/dashboard");
            out.flush();
            return stack;
        }
    }

    @Command(name = "exchange-recipients", mixinStandardHelpOptions = true,
            description = {"A share of the recipients is hosted on one mail service (a destination, e.g. exchange-online) that answers",
                    "451 4.3.2 to every RCPT for a window, through every provider, while everyone else's mail is delivered. Reports the",
                    "destination's MTTD, critical codes to its recipients via SMS, whether unaffected mail was undisturbed, and the",
                    "destination's release in waves after recovery. The stack must map the domains to the destination",
                    "(HERALD_DESTINATIONS=contoso.drill.example=exchange-online,...); --local does it. Exit code 1 when a promise is broken."})
    static final class ExchangeRecipients extends ExchangeOutage {
        @Option(names = "--destination", defaultValue = "exchange-online", description = "the failing destination (default ${DEFAULT-VALUE})")
        String destination;
        @Option(names = "--share", defaultValue = "30", description = "percent of each lane's recipients on it (default ${DEFAULT-VALUE})")
        int share;
        @Option(names = "--domains", defaultValue = "contoso.drill.example,fabrikam.drill.example", split = ",",
                description = "the recipient domains hosted on it (default ${DEFAULT-VALUE})")
        List<String> domains;

        @Override
        String drillName() {
            return "exchange-recipients";
        }

        @Override
        void localSettings(Map<String, String> env) {
            // The drill's domains are hosted on the destination, offline: the stack must know, as an operator's config would say.
            env.putIfAbsent("HERALD_DESTINATIONS", String.join(",", domains.stream().map(d -> d.trim() + "=" + destination).toList()));
        }

        @Override
        DrillSettings settings(LocalStack stack) {
            DrillSettings base = super.settings(stack);
            return new DrillSettings(base.duration(), base.rate(), base.mix(), base.inject(), base.warmup(), base.cooldown(),
                    base.drainTimeout(), base.settle(), base.codeExpiry(), base.reportDir(), base.ingestUrl(), base.apiKey(), base.sinksUrl(),
                    base.bootstrap(), base.registryUrl(), base.mailProviders(), base.channels(), new RecipientDomains(share, domains),
                    destination);
        }
    }
}
