package io.herald.compose.drill;

import io.herald.compose.drill.DrillReport.Critical;
import io.herald.compose.drill.DrillReport.Promise;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recipient-destination part of a drill report (issue 14), a pure function of the same inputs as
 * {@link DrillAnalysis}: how fast the destination (not a provider) went DOWN, whether the critical codes of its
 * recipients went out by SMS, whether everyone else's mail went on undisturbed, and how the destination's parked
 * backlog was released in waves after it recovered. No I/O and no clock.
 */
public final class DestinationAnalysis {
    private DestinationAnalysis() {
    }

    /** {@code report} (from {@link DrillAnalysis}) with the destination findings and promises added. */
    public static DrillReport addTo(DrillReport report, DrillInputs in, String destination, RecipientDomains domains) {
        Map<String, List<DeliveryOutcome>> timelines = DrillAnalysis.timelines(in.outcomes(),
                in.posted().stream().map(Posted::notificationId).collect(Collectors.toSet()));
        // A domain without a mapping to the destination is a destination of its own: count whichever went DOWN.
        Set<String> names = new java.util.LinkedHashSet<>();
        names.add(destination);
        names.addAll(domains.affectedDomains());
        Map<String, Long> mttd = new LinkedHashMap<>();
        for (String name : names) {
            Long ms = firstDown(in.health(), h -> name.equals(h.getDestination()), in.outageStart());
            if (ms != null || name.equals(destination)) mttd.put(name, ms);
        }
        List<String> providersDown = in.mailProviders().stream()
                .filter(p -> firstDown(in.health(), h -> h.getDestination() == null && h.getProviderId().equals(p), in.outageStart()) != null
                        && downBefore(in.health(), p, in.outageEnd()))
                .toList();

        List<Posted> affectedCodes = in.posted().stream().filter(p -> p.lane() == Priority.CRITICAL && p.phase() == Posted.Phase.DURING
                && domains.affected(p.domain())).toList();
        Critical critical = DrillAnalysis.critical(affectedCodes, timelines);
        DrillReport.Unaffected unaffected = unaffected(in.posted(), timelines, domains);
        List<Instant> replayed = in.outcomes().stream().filter(o -> o.getStatus() == OutcomeStatus.REPLAYED).map(DeliveryOutcome::getAt)
                .sorted().toList();
        List<DrillReport.Release> releases = DrillAnalysis.releases(in, replayed).stream()
                .filter(r -> r.replayId().contains("-destination-")).toList();

        List<Promise> promises = new ArrayList<>();
        Long destinationMttd = mttd.values().stream().filter(v -> v != null).min(Long::compare).orElse(null);
        promises.add(new Promise("the destination, not a mail provider, was taken DOWN", destinationMttd != null && providersDown.isEmpty(),
                (destinationMttd == null ? "the destination never went DOWN" : "DOWN after " + ReportMarkdown.ms(destinationMttd))
                        + (providersDown.isEmpty() ? "; no mail provider DOWN" : "; providers DOWN: " + String.join(", ", providersDown))));
        boolean viaSms = critical.notDelivered().isEmpty() && critical.deliveredByEmail() == 0;
        promises.add(new Promise("every critical code to an affected recipient was delivered by SMS", viaSms,
                critical.deliveredBySms() + " of " + critical.postedDuringOutage() + " by SMS, " + critical.deliveredByEmail() + " by email, "
                        + critical.notDelivered().size() + " not delivered"));
        boolean undisturbed = unaffected.deferred() == 0 && unaffected.parked() == 0;
        promises.add(new Promise("mail to unaffected recipients went on undisturbed", undisturbed,
                unaffected.posted() + " posted during the outage, " + unaffected.deferred() + " deferred, " + unaffected.parked() + " parked"));
        return report.withDestination(new DrillReport.Destination(destination, domains.affectedDomains(), domains.affectedPercent(), mttd,
                providersDown, critical, unaffected, releases), promises);
    }

    private static DrillReport.Unaffected unaffected(List<Posted> posted, Map<String, List<DeliveryOutcome>> timelines, RecipientDomains domains) {
        List<Posted> mail = posted.stream().filter(p -> p.lane() != Priority.CRITICAL && !domains.affected(p.domain())).toList();
        List<Posted> during = mail.stream().filter(p -> p.phase() == Posted.Phase.DURING).toList();
        Map<String, Long> sentBy = new TreeMap<>();
        int deferred = 0;
        int parked = 0;
        for (Posted p : during) {
            List<DeliveryOutcome> timeline = timelines.getOrDefault(p.notificationId(), List.of());
            if (timeline.stream().anyMatch(o -> o.getStatus() == OutcomeStatus.DEFERRED)) deferred++;
            if (timeline.stream().anyMatch(o -> o.getStatus() == OutcomeStatus.PARKED)) parked++;
            timeline.stream().filter(o -> o.getStatus() == OutcomeStatus.SENT && o.getProvider() != null).findFirst()
                    .ifPresent(o -> sentBy.merge(o.getProvider(), 1L, Long::sum));
        }
        List<Long> before = latencies(mail.stream().filter(p -> p.phase() == Posted.Phase.BEFORE).toList(), timelines);
        List<Long> outage = latencies(during, timelines);
        return new DrillReport.Unaffected(during.size(), sentBy, deferred, parked, DrillAnalysis.percentile(before, 0.5),
                DrillAnalysis.percentile(outage, 0.5), DrillAnalysis.percentile(outage, 0.99));
    }

    private static List<Long> latencies(List<Posted> posts, Map<String, List<DeliveryOutcome>> timelines) {
        List<Long> out = new ArrayList<>();
        for (Posted p : posts) {
            DeliveryOutcome sent = DrillAnalysis.sent(timelines, p.notificationId());
            if (sent != null) out.add(Math.max(0, Duration.between(p.postedAt(), sent.getAt()).toMillis()));
        }
        out.sort(Long::compare);
        return out;
    }

    private static Long firstDown(List<ProviderHealth> health, java.util.function.Predicate<ProviderHealth> which, Instant from) {
        return health.stream().filter(which).filter(h -> h.getState() == HealthState.DOWN && !h.getSince().isBefore(from))
                .map(h -> Duration.between(from, h.getSince()).toMillis()).min(Long::compare).orElse(null);
    }

    /** Whether provider {@code id} went DOWN before {@code end} (its own outage, not one after the drill's window). */
    private static boolean downBefore(List<ProviderHealth> health, String id, Instant end) {
        return health.stream().anyMatch(h -> h.getDestination() == null && h.getProviderId().equals(id) && h.getState() == HealthState.DOWN
                && h.getSince().isBefore(end));
    }
}
