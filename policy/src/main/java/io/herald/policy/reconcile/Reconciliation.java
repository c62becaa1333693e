package io.herald.policy.reconcile;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Herald's promise, checked from the record: every accepted notification reaches exactly one terminal
 * state (SENT, DELIVERED, FAILED, EXPIRED, SUPPRESSED, DUPLICATE) or is visibly PARKED, and every sink
 * received each message at most once. A pure function of what the caller read (outcome events, sink
 * records), used by the drill, the fault-injection suite and analytics alike.
 *
 * <p>A notification without a terminal state is <em>parked</em> when its latest event is PARKED,
 * <em>in flight</em> when anything happened to it (or it was accepted) after {@code settledBefore}, and
 * <em>lost</em> otherwise. SENT followed by DELIVERED is one delivery told twice, not two terminal states.
 */
public final class Reconciliation {
    /** States after which nothing more may happen to a notification. */
    public static final Set<OutcomeStatus> TERMINAL = Set.copyOf(EnumSet.of(OutcomeStatus.SENT, OutcomeStatus.DELIVERED,
            OutcomeStatus.FAILED, OutcomeStatus.EXPIRED, OutcomeStatus.SUPPRESSED, OutcomeStatus.DUPLICATE));

    private Reconciliation() {
    }

    /**
     * @param accepted      what was acknowledged (duplicates by id are counted once)
     * @param outcomes      outcome events of any notification; events repeated with the same eventId count once
     * @param deliveries    what the sinks received, attributed to notifications (empty when not known)
     * @param settledBefore events after this instant mean the notification is still moving
     */
    public static ReconciliationReport reconcile(Collection<Accepted> accepted, Collection<DeliveryOutcome> outcomes,
                                                 Collection<SinkDelivery> deliveries, Instant settledBefore) {
        Map<String, Instant> acceptedAt = new TreeMap<>();
        for (Accepted a : accepted) acceptedAt.merge(a.notificationId(), a.at(), (x, y) -> x.isBefore(y) ? x : y);
        Map<String, List<DeliveryOutcome>> events = eventsOf(acceptedAt.keySet(), outcomes);

        Map<OutcomeStatus, Long> counts = new EnumMap<>(OutcomeStatus.class);
        Map<String, OutcomeStatus> terminalOf = new TreeMap<>();
        List<String> parked = new ArrayList<>();
        List<String> inFlight = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        Map<String, List<OutcomeStatus>> multiple = new TreeMap<>();
        acceptedAt.forEach((id, at) -> {
            List<DeliveryOutcome> timeline = events.getOrDefault(id, List.of());
            List<OutcomeStatus> terminals = terminals(timeline);
            if (!terminals.isEmpty()) {
                terminalOf.put(id, terminals.get(0));
                counts.merge(terminals.get(0), 1L, Long::sum);
                if (terminals.size() > 1) multiple.put(id, terminals);
                return;
            }
            // A dropped copy's DUPLICATE says nothing about where the notification itself is.
            List<DeliveryOutcome> own = timeline.stream().filter(o -> o.getStatus() != OutcomeStatus.DUPLICATE).toList();
            DeliveryOutcome latest = own.isEmpty() ? null : own.get(own.size() - 1);
            Instant lastSign = latest == null || latest.getAt().isBefore(at) ? at : latest.getAt();
            if (latest != null && latest.getStatus() == OutcomeStatus.PARKED) parked.add(id);
            else if (lastSign.isAfter(settledBefore)) inFlight.add(id);
            else lost.add(id);
        });

        Map<String, Integer> perNotification = new HashMap<>();
        Set<String> unknown = new HashSet<>();
        for (SinkDelivery d : deliveries) {
            if (acceptedAt.containsKey(d.notificationId())) perNotification.merge(d.notificationId(), 1, Integer::sum);
            else unknown.add(d.notificationId());
        }
        Map<String, Integer> duplicates = new TreeMap<>();
        perNotification.forEach((id, n) -> {
            if (n > 1) duplicates.put(id, n);
        });
        return new ReconciliationReport(acceptedAt.size(), counts, terminalOf, parked, inFlight, lost, multiple, duplicates, unknown);
    }

    /** The events of accepted notifications, each eventId once, in time order (stable for equal times). */
    private static Map<String, List<DeliveryOutcome>> eventsOf(Set<String> ids, Collection<DeliveryOutcome> outcomes) {
        Map<String, Map<String, DeliveryOutcome>> byId = new HashMap<>();
        for (DeliveryOutcome o : outcomes) {
            String id = o.getNotificationId();
            if (!ids.contains(id)) continue;
            byId.computeIfAbsent(id, k -> new LinkedHashMap<>()).putIfAbsent(o.getEventId(), o);
        }
        Map<String, List<DeliveryOutcome>> sorted = new HashMap<>();
        byId.forEach((id, unique) -> {
            List<DeliveryOutcome> list = new ArrayList<>(unique.values());
            list.sort(Comparator.comparing(DeliveryOutcome::getAt));
            sorted.put(id, list);
        });
        return sorted;
    }

    /**
     * Terminal states in order; DELIVERED right after SENT is the provider confirming the same send. A DUPLICATE on a
     * timeline with anything else is about a dropped copy, not the notification: the notification id is a function of
     * tenant and idempotency key, so a retried request carries the original's id and its DUPLICATE lands on the
     * original's timeline, which goes on (routed, parked, sent). Only a DUPLICATE alone (a copy a producer gave an id of
     * its own) is that id's terminal state.
     */
    private static List<OutcomeStatus> terminals(List<DeliveryOutcome> timeline) {
        List<OutcomeStatus> out = new ArrayList<>();
        boolean other = timeline.stream().anyMatch(o -> o.getStatus() != OutcomeStatus.DUPLICATE && o.getStatus() != OutcomeStatus.ACCEPTED);
        for (DeliveryOutcome o : timeline) {
            OutcomeStatus s = o.getStatus();
            if (!TERMINAL.contains(s) || (other && s == OutcomeStatus.DUPLICATE)) continue;
            boolean confirmation = s == OutcomeStatus.DELIVERED && !out.isEmpty() && out.get(out.size() - 1) == OutcomeStatus.SENT;
            if (!confirmation) out.add(s);
        }
        return out;
    }
}
