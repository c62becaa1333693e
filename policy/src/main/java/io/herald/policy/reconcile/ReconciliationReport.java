package io.herald.policy.reconcile;

import io.herald.contracts.OutcomeStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Reconciliation} found. Lists hold notification ids, sorted, so reports compare and print
 * the same way every time.
 *
 * @param accepted          how many distinct notifications were accepted
 * @param terminalCounts    accepted notifications per terminal state (the first terminal state each reached)
 * @param terminalOf        the first terminal state of every accepted notification that has one
 * @param parked            no terminal state, but the latest event says PARKED: visibly waiting, not lost
 * @param inFlight          no terminal state, but something happened after the settle instant: still moving
 * @param lost              no terminal state, not parked, and nothing since the settle instant
 * @param multipleTerminal  notifications with more than one terminal event, with the states in order
 * @param sinkDuplicates    notifications a sink received more than once (across every sink), with the count
 * @param unknownDeliveries sink deliveries whose notification was never accepted (another run, a stray test)
 */
public record ReconciliationReport(int accepted, Map<OutcomeStatus, Long> terminalCounts, Map<String, OutcomeStatus> terminalOf,
                                   List<String> parked, List<String> inFlight, List<String> lost,
                                   Map<String, List<OutcomeStatus>> multipleTerminal, Map<String, Integer> sinkDuplicates,
                                   Set<String> unknownDeliveries) {
    public ReconciliationReport {
        terminalCounts = Map.copyOf(terminalCounts);
        terminalOf = Map.copyOf(terminalOf);
        parked = List.copyOf(parked);
        inFlight = List.copyOf(inFlight);
        lost = List.copyOf(lost);
        multipleTerminal = Map.copyOf(multipleTerminal);
        sinkDuplicates = Map.copyOf(sinkDuplicates);
        unknownDeliveries = Set.copyOf(unknownDeliveries);
    }

    /** Accepted notifications that reached a terminal state. */
    public long terminal() {
        return terminalOf.size();
    }

    /** Whether the guarantee holds: nothing lost, nothing terminal twice, nothing delivered twice. */
    public boolean clean() {
        return lost.isEmpty() && multipleTerminal.isEmpty() && sinkDuplicates.isEmpty();
    }
}
