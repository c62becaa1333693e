package io.herald.compose.drill;

import io.herald.compose.sinks.SinksClient;
import io.herald.policy.reconcile.Accepted;
import io.herald.policy.reconcile.Reconciliation;
import io.herald.policy.reconcile.ReconciliationReport;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The exchange drills against a running stack: load before, during and after an outage, restore, wait for the
 * drain (bounded), then the report from the event log. {@code exchange-outage}: every mail provider fails (scripted
 * {@code 451 4.3.2} on each RCPT, or an operator forcing them DOWN). {@code exchange-recipients}: only the recipients
 * on one destination fail, through every provider ({@link DestinationAnalysis} adds its findings). Progress goes to {@code progress}, one line per phase.
 */
public final class ExchangeOutageDrill {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DrillSettings settings;
    private final PrintWriter progress;
    private final Clock clock;
    private final String runId;
    private final Topics topics;
    private final EventLog log;
    private final SinksClient sinks;

    public ExchangeOutageDrill(DrillSettings settings, PrintWriter progress, Clock clock) {
        this.settings = settings;
        this.progress = progress;
        this.clock = clock;
        this.runId = RUN_ID.format(clock.instant()) + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        this.topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(settings.registryUrl())));
        this.log = new EventLog(settings.bootstrap(), topics, Duration.ofSeconds(60));
        this.sinks = settings.sinksUrl() == null || settings.sinksUrl().isBlank() ? null : new SinksClient(settings.sinksUrl());
    }

    public String runId() {
        return runId;
    }

    /** Runs the drill and returns its report (not yet written). */
    public DrillReport run() {
        LoadGenerator load = new LoadGenerator(settings.ingestUrl(), settings.apiKey(), runId, settings.mix(), settings.codeExpiry(),
                settings.channels(), settings.domains(), clock);
        Injection injection = settings.recipientDestination() ? Injection.destination(sinks, settings.domains().affectedDomains())
                : settings.inject() == DrillSettings.Inject.SCRIPTED ? Injection.scripted(sinks)
                : Injection.override(settings.bootstrap(), topics, settings.mailProviders());
        say("drill " + runId + ": warm-up " + settings.warmup().toSeconds() + "s at " + settings.rate() + "/s (" + settings.mix() + ")");
        load.run(settings.rate(), settings.warmup(), Posted.Phase.BEFORE);

        Instant outageStart = clock.instant();
        Instant outageEnd;
        say(settings.recipientDestination()
                ? "outage: the mail server of " + String.join(", ", settings.domains().affectedDomains()) + " (" + settings.destination() + ", "
                        + settings.domains().affectedPercent() + "% of recipients) answers " + Injection.EXCHANGE_451 + " for "
                        + settings.duration().toSeconds() + "s; everyone else's mail flows"
                : "outage: every mail provider " + (settings.inject() == DrillSettings.Inject.SCRIPTED
                ? "answers " + Injection.EXCHANGE_451 + " to every RCPT" : "forced DOWN by an operator override") + " for " + settings.duration().toSeconds() + "s");
        injection.inject(settings.duration());
        try {
            load.run(settings.rate(), settings.duration(), Posted.Phase.DURING);
        } finally {
            injection.restore();
            outageEnd = clock.instant();
        }
        say("restored; cool-down " + settings.cooldown().toSeconds() + "s");
        load.run(settings.rate(), settings.cooldown(), Posted.Phase.AFTER);

        List<Posted> posted = load.posted();
        say(posted.size() + " accepted (" + load.refused() + " refused); waiting up to " + settings.drainTimeout().toSeconds()
                + "s for every notification to end or stay parked");
        awaitDrain(posted);
        Instant now = clock.instant();
        Optional<List<SinkDelivery>> deliveries = sinks == null ? Optional.empty() : Optional.of(SinkRecords.read(sinks, posted));
        DrillInputs inputs = new DrillInputs(settings.describe(), outageStart, outageEnd, settings.mailProviders(), posted,
                log.outcomes(), log.health(), log.runs(), deliveries, now.minus(settings.settle()));
        DrillReport report = DrillAnalysis.analyse(inputs);
        return settings.recipientDestination() ? DestinationAnalysis.addTo(report, inputs, settings.destination(), settings.domains()) : report;
    }

    /** Polls the event log until nothing is in flight or parked, or the drain timeout passes. */
    private void awaitDrain(List<Posted> posted) {
        Instant deadline = clock.instant().plus(settings.drainTimeout());
        List<Accepted> accepted = posted.stream().map(p -> new Accepted(p.notificationId(), p.postedAt())).toList();
        ReconciliationReport rec;
        int lastOpen = -1;
        do {
            // Everything not terminal counts as open while waiting: a quiet retry tier is not "lost" yet.
            rec = Reconciliation.reconcile(accepted, log.outcomes(), List.of(), Instant.MIN);
            int open = rec.inFlight().size() + rec.parked().size();
            if (open == 0) return;
            if (open != lastOpen) say("  " + rec.terminal() + " ended, " + rec.parked().size() + " parked, " + rec.inFlight().size() + " in flight");
            lastOpen = open;
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        } while (clock.instant().isBefore(deadline) && !Thread.currentThread().isInterrupted());
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
