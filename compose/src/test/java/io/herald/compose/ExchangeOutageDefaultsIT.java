package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.DrillAnalysis;
import io.herald.compose.drill.Injection;
import io.herald.compose.drill.LoadGenerator;
import io.herald.compose.drill.Mix;
import io.herald.compose.drill.Posted;
import io.herald.compose.sinks.SinksClient;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.smtp.LoggedAttempt;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.smtp.SmtpStage;
import io.herald.policy.reconcile.Accepted;
import io.herald.policy.reconcile.Reconciliation;
import io.herald.policy.reconcile.ReconciliationReport;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import io.herald.replay.pace.WavePlan;
import io.herald.workers.email.MessageIds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Exchange outage of January 2026 on the local stack with Herald's <b>default</b> retry tiers and health
 * settings: both mail providers answer {@code 451 4.3.2 Temporary server error} to every RCPT for 30 s while a
 * mixed load flows at 5 messages/s, then recover. The scenario runs once; each test checks one promise of
 * issue 9 against the event log and the sinks' own records.
 */
class ExchangeOutageDefaultsIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration DETECTION = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static OutageTraffic traffic;
    private static Instant outageStart;
    private static ReconciliationReport settled;
    private static List<DeliveryOutcome> outcomes;
    private static List<ProviderHealth> health;
    /** What the workers believed, sampled every 100 ms: the view they decide attempts on. */
    private static final Map<String, List<Map.Entry<Instant, HealthState>>> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void runTheOutage() {
        // No HERALD_RETRY_*/HERALD_HEALTH_* here: those defaults are what is under test. Only the release is scaled
        // down in time (the default 10%/5m would take most of an hour), its deferral window with it (60 s would
        // still see the outage's own deferrals when 5 s waves start); waves are not the setting under test.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of("HERALD_AUTO_REPLAY_WAVES", "25%/5s",
                "HERALD_AUTO_REPLAY_DEFERRAL_WINDOW", "5s")).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready() && stack.workers().ready());
        // Bulk asks for SMS as a fallback too, so "bulk never moves to a paid channel" is the router's decision, not a given.
        Map<Priority, List<String>> channels = Map.of(Priority.CRITICAL, List.of("email", "sms"),
                Priority.TRANSACTIONAL, List.of("email"), Priority.BULK, List.of("email", "sms"));
        traffic = new OutageTraffic(stack, "defaults", Mix.parse("critical=10,transactional=30,bulk=60"), channels);
        Injection outage = Injection.scripted(new SinksClient(stack.sinks().url()));

        java.util.concurrent.ScheduledExecutorService watch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        watch.scheduleAtFixedRate(ExchangeOutageDefaultsIT::sampleWorkersView, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);

        traffic.load.run(5, Duration.ofSeconds(5), Posted.Phase.BEFORE);
        outageStart = Instant.now();
        outage.inject(OUTAGE);
        traffic.load.run(5, OUTAGE, Posted.Phase.DURING);
        outage.restore();
        traffic.load.run(5, Duration.ofSeconds(10), Posted.Phase.AFTER);

        settled = traffic.settle(Duration.ofMinutes(3));
        watch.shutdownNow();
        outcomes = traffic.log.outcomes();
        health = traffic.log.health();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void bothMailProvidersReachDownWithinTenSecondsOfTheOutageStart() {
        for (String provider : List.of("smtp-primary", "smtp-secondary")) {
            Optional<Instant> down = health.stream().filter(h -> h.getProviderId().equals(provider) && h.getState() == HealthState.DOWN
                    && !h.getSince().isBefore(outageStart)).map(ProviderHealth::getSince).min(Comparator.naturalOrder());
            assertThat(down).as(provider + " transitions: " + transitions(provider)).isPresent();
            assertThat(Duration.between(outageStart, down.get())).as(provider).isLessThanOrEqualTo(DETECTION);
        }
    }

    @Test
    void everyCriticalCodePostedDuringTheOutageIsDeliveredBySmsWithinTenSecondsOfItsPost() {
        List<Posted> codes = traffic.posted(Priority.CRITICAL, Posted.Phase.DURING);
        Map<String, Instant> smsAt = firstSmsByKey();
        List<Long> latencies = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Posted code : codes) {
            Instant at = smsAt.get(code.idempotencyKey());
            if (at == null) missing.add(code.notificationId());
            else latencies.add(Duration.between(code.postedAt(), at).toMillis());
        }
        latencies.sort(Long::compare);

        assertThat(codes).hasSizeGreaterThanOrEqualTo(10);
        assertThat(missing).as("codes never delivered by SMS").isEmpty();
        assertThat(DrillAnalysis.percentile(latencies, 0.99)).as("p99 POST -> SMS sink, ms; all: " + latencies).isLessThanOrEqualTo(10_000L);
    }

    @Test
    void noBulkMessageReachesSmsOrIsAttemptedOnEmailWhileTheProvidersAreDown() {
        Set<String> bulkKeys = traffic.posted(Priority.BULK, null).stream().map(Posted::idempotencyKey).collect(Collectors.toSet());
        assertThat(stack.twilio().received()).noneMatch(sms -> LoadGenerator.refOf(sms.body()).filter(bulkKeys::contains).isPresent());

        for (Map.Entry<String, ScriptedSmtpServer> sink : Map.of("smtp-primary", stack.smtp(), "smtp-secondary", stack.smtpSecondary()).entrySet()) {
            // DOWN as the workers knew it: the health record's 'since' is the router's event time, which can lie
            // seconds before the decision reached the workers on a loaded machine; attempts in between were not
            // made against a provider anyone knew was DOWN.
            List<Instant[]> down = downAsSeenByWorkers(sink.getKey());
            assertThat(down).as(sink.getKey() + " was never DOWN").isNotEmpty();
            // Bulk recipients only: the half-open probe and the critical lane's own attempts are not bulk mail.
            List<LoggedAttempt> bulkWhileDown = sink.getValue().attempts().stream()
                    .filter(a -> a.stage() == SmtpStage.RCPT_TO && a.recipient().orElse("").endsWith("@bulk.drill.example"))
                    .filter(a -> down.stream().anyMatch(w -> !a.at().isBefore(w[0]) && a.at().isBefore(w[1])))
                    .toList();
            assertThat(bulkWhileDown).as(sink.getKey() + " bulk RCPT attempts while DOWN").isEmpty();
        }
    }

    @Test
    void afterRecoveryTheParkedBacklogArrivesInWavesMatchingThePlanWithinTenPercent() {
        Set<String> parked = outcomes.stream().filter(o -> o.getStatus() == OutcomeStatus.PARKED).map(DeliveryOutcome::getNotificationId)
                .filter(id -> traffic.load.posted().stream().anyMatch(p -> p.notificationId().equals(id))).collect(Collectors.toSet());
        assertThat(parked).as("nothing was parked").isNotEmpty();
        RunRecord release = traffic.log.runs().stream().filter(r -> !r.startedAt().isBefore(outageStart))
                .filter(r -> r.sourceTopic().contains("email")).max(Comparator.comparing(RunRecord::updatedAt)).orElseThrow(
                        () -> new AssertionError("no release of the parked email backlog after the outage"));
        Pace.Waves pace = PaceParser.waves(release.pace().split("\\s+")[0]);
        WavePlan plan = WavePlan.of(pace, release.selected(), release.startedAt());

        // A wave is copied at once, so its REPLAYED events form a tight burst; delivering it may take longer than
        // the gap to the next wave, so arrivals are grouped by the burst their release belonged to.
        Map<String, Instant> releasedAt = new HashMap<>();
        outcomes.stream().filter(o -> o.getStatus() == OutcomeStatus.REPLAYED && parked.contains(o.getNotificationId()))
                .forEach(o -> releasedAt.merge(o.getNotificationId(), o.getAt(), (a, b) -> a.isBefore(b) ? a : b));
        List<Instant> releases = releasedAt.values().stream().sorted().toList();
        List<Instant> burstStarts = new ArrayList<>();
        for (int i = 0; i < releases.size(); i++) {
            if (i == 0 || Duration.between(releases.get(i - 1), releases.get(i)).compareTo(pace.interval().dividedBy(2)) > 0) burstStarts.add(releases.get(i));
        }
        Set<String> arrived = mails().stream().map(SinkDelivery::notificationId).filter(parked::contains).collect(Collectors.toSet());
        List<Long> waves = new ArrayList<>();
        burstStarts.forEach(b -> waves.add(0L));
        for (String id : arrived) {
            Instant at = releasedAt.get(id);
            if (at == null) continue;
            int wave = 0;
            while (wave + 1 < burstStarts.size() && !at.isBefore(burstStarts.get(wave + 1))) wave++;
            waves.set(wave, waves.get(wave) + 1);
        }

        assertThat(arrived).as("parked messages that reached a sink").hasSize(parked.size());
        assertThat(waves).as("arrivals per wave; planned " + plan.waveCount() + " waves of " + plan.size()).hasSize((int) plan.waveCount());
        for (int i = 0; i < waves.size(); i++) {
            long planned = plan.targetOf(i) - (i == 0 ? 0 : plan.targetOf(i - 1));
            assertThat(waves.get(i)).as("wave " + (i + 1) + " of " + waves).isBetween((long) Math.floor(planned * 0.9), (long) Math.ceil(planned * 1.1));
        }
    }

    @Test
    void nothingIsLostDuplicatedOrSentAfterItsExpiry() {
        List<SinkDelivery> deliveries = new ArrayList<>(mails());
        Map<String, String> byKey = traffic.load.posted().stream().collect(Collectors.toMap(Posted::idempotencyKey, Posted::notificationId));
        deliveries.addAll(SmsSinkReads.deliveries(stack.twilio().created(), byKey));
        ReconciliationReport report = Reconciliation.reconcile(
                traffic.load.posted().stream().map(p -> new Accepted(p.notificationId(), p.postedAt())).toList(), outcomes, deliveries, Instant.now());

        assertThat(settled.terminal()).as("ended within the patience").isEqualTo(traffic.load.posted().size());
        assertThat(report.lost()).isEmpty();
        assertThat(report.multipleTerminal()).isEmpty();
        assertThat(report.sinkDuplicates()).isEmpty();
        Map<String, Posted> byId = traffic.load.posted().stream().collect(Collectors.toMap(Posted::notificationId, p -> p));
        assertThat(outcomes).filteredOn(o -> o.getStatus() == OutcomeStatus.SENT && byId.containsKey(o.getNotificationId()))
                .allSatisfy(o -> {
                    Instant expiresAt = byId.get(o.getNotificationId()).expiresAt();
                    if (expiresAt != null) assertThat(o.getAt()).as(o.getNotificationId()).isBeforeOrEqualTo(expiresAt);
                });
        // The report of the same run says the same.
        assertThat(report.terminal()).isEqualTo(settled.terminal());
    }

    /** Mails at both sinks, attributed to the posted notifications by their deterministic Message-ID. */
    private static List<SinkDelivery> mails() {
        Map<String, String> byUuid = new HashMap<>();
        traffic.load.posted().forEach(p -> byUuid.put(MessageIds.localPart(MessageIds.forNotification(p.notificationId(), "x")), p.notificationId()));
        List<SinkDelivery> out = new ArrayList<>();
        Stream.of(Map.entry("smtp-primary", stack.smtp()), Map.entry("smtp-secondary", stack.smtpSecondary())).forEach(sink -> {
            for (ReceivedMail m : sink.getValue().received()) {
                String id = byUuid.get(MessageIds.localPart(m.messageId().orElse("")));
                if (id != null) out.add(new SinkDelivery(id, sink.getKey(), m.receivedAt()));
            }
        });
        return out;
    }


    private static Map<String, Instant> firstSmsByKey() {
        return SmsSinkReads.firstByKey(stack.twilio().created());
    }

    private static void sampleWorkersView() {
        Instant now = Instant.now();
        for (String provider : List.of("smtp-primary", "smtp-secondary")) {
            HealthState state = stack.workers().health().state(provider);
            List<Map.Entry<Instant, HealthState>> seen = SEEN.computeIfAbsent(provider, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
            if (seen.isEmpty() || seen.get(seen.size() - 1).getValue() != state) seen.add(Map.entry(now, state));
        }
    }

    /** [first sample DOWN, first sample not DOWN) of the workers' view, from the outage start on. */
    private static List<Instant[]> downAsSeenByWorkers(String provider) {
        List<Map.Entry<Instant, HealthState>> seen = SEEN.getOrDefault(provider, List.of());
        List<Instant[]> out = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).getValue() != HealthState.DOWN || seen.get(i).getKey().isBefore(outageStart)) continue;
            // A second's grace: attempts a worker had already started when it learned of the DOWN end within it.
            out.add(new Instant[]{seen.get(i).getKey().plusSeconds(1), i + 1 < seen.size() ? seen.get(i + 1).getKey() : Instant.MAX});
        }
        return out;
    }

    private static String transitions(String provider) {
        return health.stream().filter(h -> h.getProviderId().equals(provider))
                .map(h -> h.getState() + "@" + Duration.between(outageStart, h.getSince()).toMillis() + "ms(" + h.getReason() + ")").toList().toString();
    }
}
