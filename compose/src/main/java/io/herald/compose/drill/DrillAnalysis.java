package io.herald.compose.drill;

import io.herald.compose.drill.DrillReport.Critical;
import io.herald.compose.drill.DrillReport.HealthChange;
import io.herald.compose.drill.DrillReport.Lane;
import io.herald.compose.drill.DrillReport.Promise;
import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.policy.reconcile.Accepted;
import io.herald.policy.reconcile.Reconciliation;
import io.herald.policy.reconcile.ReconciliationReport;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import io.herald.replay.pace.WavePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The drill report as a pure function of what the drill did and what the event log and the sinks say.
 * No I/O and no clock: the same inputs always give the same report, so it is table-tested.
 */
public final class DrillAnalysis {
    private DrillAnalysis() {
    }

    public static DrillReport analyse(DrillInputs in) {
        Map<String, Posted> posted = new LinkedHashMap<>();
        in.posted().forEach(p -> posted.put(p.notificationId(), p));
        Map<String, List<DeliveryOutcome>> timelines = timelines(in.outcomes(), posted.keySet());
        ReconciliationReport rec = Reconciliation.reconcile(in.posted().stream().map(p -> new Accepted(p.notificationId(), p.postedAt())).toList(),
                in.outcomes(), in.sinkDeliveries().orElse(List.of()), in.settledBefore());

        Map<String, Long> mttd = new LinkedHashMap<>();
        for (String provider : in.mailProviders()) {
            mttd.put(provider, in.health().stream()
                    .filter(h -> h.getProviderId().equals(provider) && h.getState() == HealthState.DOWN && !h.getSince().isBefore(in.outageStart()))
                    .map(h -> Duration.between(in.outageStart(), h.getSince()).toMillis()).min(Long::compare).orElse(null));
        }
        List<HealthChange> health = in.health().stream().filter(h -> !h.getSince().isBefore(in.outageStart()))
                .sorted(Comparator.comparing(ProviderHealth::getSince))
                .map(h -> new HealthChange(h.getProviderId(), h.getState().name(), h.getSince().toString(),
                        Duration.between(in.outageStart(), h.getSince()).toMillis(), h.getReason(), h.getSource().name()))
                .toList();

        List<Posted> criticalDuring = in.posted().stream().filter(p -> p.lane() == Priority.CRITICAL && p.phase() == Posted.Phase.DURING).toList();
        Long firstSms = criticalDuring.stream().map(p -> sent(timelines, p.notificationId()))
                .filter(s -> s != null && s.getChannel() == Channel.SMS)
                .map(s -> Duration.between(in.outageStart(), s.getAt()).toMillis()).min(Long::compare).orElse(null);

        List<Promise> promises = new ArrayList<>();
        Critical critical = critical(criticalDuring, timelines);
        Map<String, Lane> lanes = lanes(in.posted(), rec);
        DrillReport.Codes codes = codes(in.posted(), timelines, rec);
        DrillReport.Parked parked = parked(in, posted, timelines, rec);
        DrillReport.Sinks sinks = sinks(in, rec);

        promises.add(new Promise("nothing lost: every accepted notification ends in one terminal state or is visibly parked",
                rec.lost().isEmpty(), rec.lost().isEmpty() ? "0 lost" : rec.lost().size() + " lost: " + head(rec.lost())));
        boolean once = rec.multipleTerminal().isEmpty() && rec.sinkDuplicates().isEmpty();
        promises.add(new Promise("nothing delivered twice", once, once
                ? (sinks.measured() ? "0 duplicates at the sinks, 0 notifications with two terminal states" : "0 notifications with two terminal states (sinks not read)")
                : rec.sinkDuplicates().size() + " delivered more than once, " + rec.multipleTerminal().size() + " with two terminal states"));
        promises.add(new Promise("no code sent after its expiry", codes.sentAfterExpiry().isEmpty(),
                codes.sentAfterExpiry().isEmpty() ? "every SENT at or before its expiresAt" : codes.sentAfterExpiry().size() + " sent late: " + head(codes.sentAfterExpiry())));
        promises.add(new Promise("every critical code posted during the outage was delivered", critical.notDelivered().isEmpty(),
                critical.notDelivered().isEmpty() ? critical.postedDuringOutage() + " of " + critical.postedDuringOutage() + " delivered"
                        : critical.notDelivered().size() + " of " + critical.postedDuringOutage() + " not delivered: " + head(critical.notDelivered())));

        Map<String, Long> byLane = in.posted().stream().collect(Collectors.groupingBy(p -> lane(p.lane()), TreeMap::new, Collectors.counting()));
        int during = (int) in.posted().stream().filter(p -> p.phase() == Posted.Phase.DURING).count();
        Map<String, List<String>> multiple = new TreeMap<>();
        rec.multipleTerminal().forEach((id, states) -> multiple.put(id, states.stream().map(Enum::name).toList()));
        return new DrillReport(new LinkedHashMap<>(in.settings()), in.outageStart().toString(), in.outageEnd().toString(),
                new DrillReport.Posts(in.posted().size(), byLane, during), mttd, health, firstSms, critical, lanes, codes, parked, sinks,
                new DrillReport.Reconciled(rec.accepted(), rec.terminal(), rec.parked().size(), rec.inFlight().size(), rec.lost(), multiple),
                promises);
    }

    static Critical critical(List<Posted> criticalDuring, Map<String, List<DeliveryOutcome>> timelines) {
        List<Long> latencies = new ArrayList<>();
        int bySms = 0;
        int byEmail = 0;
        List<String> missing = new ArrayList<>();
        for (Posted p : criticalDuring) {
            DeliveryOutcome s = sent(timelines, p.notificationId());
            if (s == null) {
                missing.add(p.notificationId());
                continue;
            }
            if (s.getChannel() == Channel.SMS) bySms++;
            else byEmail++;
            latencies.add(Math.max(0, Duration.between(p.postedAt(), s.getAt()).toMillis()));
        }
        latencies.sort(Long::compare);
        return new Critical(criticalDuring.size(), bySms, byEmail, missing, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
    }

    private static Map<String, Lane> lanes(List<Posted> posted, ReconciliationReport rec) {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        Set<String> parked = Set.copyOf(rec.parked());
        Set<String> inFlight = Set.copyOf(rec.inFlight());
        Set<String> lost = Set.copyOf(rec.lost());
        for (Priority lane : Priority.values()) {
            List<Posted> mine = posted.stream().filter(p -> p.lane() == lane).toList();
            if (mine.isEmpty()) continue;
            Map<String, Long> terminal = mine.stream().filter(p -> rec.terminalOf().containsKey(p.notificationId()))
                    .collect(Collectors.groupingBy(p -> rec.terminalOf().get(p.notificationId()).name(), TreeMap::new, Collectors.counting()));
            lanes.put(lane(lane), new Lane(mine.size(), terminal,
                    (int) mine.stream().filter(p -> parked.contains(p.notificationId())).count(),
                    (int) mine.stream().filter(p -> inFlight.contains(p.notificationId())).count(),
                    (int) mine.stream().filter(p -> lost.contains(p.notificationId())).count()));
        }
        return lanes;
    }

    private static DrillReport.Codes codes(List<Posted> posted, Map<String, List<DeliveryOutcome>> timelines, ReconciliationReport rec) {
        List<Posted> codes = posted.stream().filter(p -> p.lane() == Priority.CRITICAL).toList();
        int expired = (int) codes.stream().filter(p -> rec.terminalOf().get(p.notificationId()) == OutcomeStatus.EXPIRED).count();
        // Every send of any posted notification, not only codes: nothing may go out after its expiry.
        List<String> late = posted.stream().filter(p -> p.expiresAt() != null).filter(p -> timelines.getOrDefault(p.notificationId(), List.of()).stream()
                        .anyMatch(o -> o.getStatus() == OutcomeStatus.SENT && o.getAt().isAfter(p.expiresAt())))
                .map(Posted::notificationId).sorted().toList();
        return new DrillReport.Codes(codes.size(), expired, late);
    }

    private static DrillReport.Parked parked(DrillInputs in, Map<String, Posted> posted, Map<String, List<DeliveryOutcome>> timelines,
                                             ReconciliationReport rec) {
        List<String> everParked = posted.keySet().stream().filter(id -> timelines.getOrDefault(id, List.of()).stream()
                .anyMatch(o -> o.getStatus() == OutcomeStatus.PARKED)).toList();
        Map<String, Long> byLane = everParked.stream().collect(Collectors.groupingBy(id -> lane(posted.get(id).lane()), TreeMap::new, Collectors.counting()));
        int still = (int) everParked.stream().filter(rec.parked()::contains).count();
        Long drain = null;
        if (still == 0 && !everParked.isEmpty()) {
            drain = everParked.stream().map(id -> terminalAt(timelines.get(id))).filter(t -> t != null)
                    .map(t -> Math.max(0, Duration.between(in.outageEnd(), t).toMillis())).max(Long::compare).orElse(null);
        }
        List<Instant> replayed = in.outcomes().stream().filter(o -> o.getStatus() == OutcomeStatus.REPLAYED).map(DeliveryOutcome::getAt)
                .sorted().toList();
        return new DrillReport.Parked(everParked.size(), byLane, still, drain, releases(in, replayed));
    }

    /** Auto-replay runs that started after the outage began, latest record each, with planned vs actual waves. */
    static List<DrillReport.Release> releases(DrillInputs in, List<Instant> replayed) {
        Map<String, RunRecord> latest = new LinkedHashMap<>();
        for (RunRecord r : in.runs()) {
            // Runs that found nothing to release (a sweep, a start-up check) say nothing about the backlog.
            if (r.startedAt() == null || r.startedAt().isBefore(in.outageStart()) || r.selected() == 0) continue;
            RunRecord seen = latest.get(r.replayId());
            if (seen == null || !r.updatedAt().isBefore(seen.updatedAt())) latest.put(r.replayId(), r);
        }
        List<DrillReport.Release> out = new ArrayList<>();
        for (RunRecord r : latest.values()) {
            out.add(new DrillReport.Release(r.replayId(), r.state().name(), r.pace(), r.selected(), r.copied(), r.startedAt().toString(),
                    waves(r, replayed)));
        }
        return out;
    }

    /**
     * Planned wave sizes from the run's pace and backlog; actual sizes from the REPLAYED events in the run's
     * time span, split into bursts wherever the log is quiet for more than half the wave interval (a wave is
     * released at once and then nothing until the next one, so the bursts are the waves as they happened).
     */
    static List<DrillReport.Wave> waves(RunRecord run, List<Instant> replayed) {
        Pace.Waves pace;
        try {
            pace = PaceParser.waves(run.pace().trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return List.of();
        }
        WavePlan plan = WavePlan.of(pace, run.selected(), run.startedAt());
        Instant end = run.updatedAt().plus(pace.interval());
        List<Long> bursts = bursts(replayed.stream().filter(t -> !t.isBefore(run.startedAt()) && !t.isAfter(end)).toList(),
                pace.interval().dividedBy(2));
        List<DrillReport.Wave> waves = new ArrayList<>();
        long count = Math.max(plan.waveCount(), bursts.size());
        for (int i = 0; i < count; i++) {
            long planned = i < plan.waveCount() ? plan.targetOf(i) - (i == 0 ? 0 : plan.targetOf(i - 1)) : 0;
            waves.add(new DrillReport.Wave(i + 1, planned, i < bursts.size() ? bursts.get(i) : 0));
        }
        return waves;
    }

    /** Sizes of the bursts in sorted times, a new burst after a gap longer than {@code quiet}. */
    public static List<Long> bursts(List<Instant> sorted, Duration quiet) {
        List<Long> sizes = new ArrayList<>();
        Instant previous = null;
        for (Instant t : sorted) {
            if (previous == null || Duration.between(previous, t).compareTo(quiet) > 0) sizes.add(0L);
            sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
            previous = t;
        }
        return sizes;
    }

    private static DrillReport.Sinks sinks(DrillInputs in, ReconciliationReport rec) {
        if (in.sinkDeliveries().isEmpty()) return new DrillReport.Sinks(false, 0, 0, Map.of(), 0);
        List<SinkDelivery> d = in.sinkDeliveries().get();
        int sms = (int) d.stream().filter(x -> x.sink().equals("sms")).count();
        return new DrillReport.Sinks(true, d.size() - sms, sms, rec.sinkDuplicates(), rec.unknownDeliveries().size());
    }

    static Map<String, List<DeliveryOutcome>> timelines(List<DeliveryOutcome> outcomes, Set<String> ids) {
        Map<String, Map<String, DeliveryOutcome>> unique = new HashMap<>();
        for (DeliveryOutcome o : outcomes) {
            if (ids.contains(o.getNotificationId())) unique.computeIfAbsent(o.getNotificationId(), k -> new LinkedHashMap<>()).putIfAbsent(o.getEventId(), o);
        }
        return unique.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().values().stream()
                .sorted(Comparator.comparing(DeliveryOutcome::getAt)).toList()));
    }

    static DeliveryOutcome sent(Map<String, List<DeliveryOutcome>> timelines, String id) {
        return timelines.getOrDefault(id, List.of()).stream().filter(o -> o.getStatus() == OutcomeStatus.SENT
                || o.getStatus() == OutcomeStatus.DELIVERED).findFirst().orElse(null);
    }

    private static Instant terminalAt(List<DeliveryOutcome> timeline) {
        return timeline == null ? null : timeline.stream().filter(o -> Reconciliation.TERMINAL.contains(o.getStatus()))
                .map(DeliveryOutcome::getAt).findFirst().orElse(null);
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    public static Long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) return null;
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    private static String lane(Priority lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }

    private static String head(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + ", ...";
    }
}
