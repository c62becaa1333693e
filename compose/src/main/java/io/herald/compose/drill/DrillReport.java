package io.herald.compose.drill;

import java.util.List;
import java.util.Map;

/**
 * The drill's findings, computed from the event log by {@link DrillAnalysis}; written as JSON (this record
 * tree) and as Markdown ({@link ReportMarkdown}). Times are ISO-8601 strings, durations milliseconds;
 * {@code null} means "did not happen" (a provider never DOWN, no critical delivered by SMS).
 *
 * @param drill           drill name and settings
 * @param outageStart     when the fault was injected
 * @param outageEnd       when the providers were restored
 * @param posted          accepted posts per lane, and how many during the outage
 * @param mttdMs          per mail provider: outage start → DOWN
 * @param health          provider health transitions from the outage start on
 * @param firstCriticalSmsMs outage start → first critical delivered by SMS
 * @param critical        criticals posted during the outage: where they went and how fast
 * @param lanes           per lane: terminal states and what has none
 * @param codes           one-time codes that expired, and any sent after its expiry (must be none)
 * @param parked          the parked backlog and its release in waves
 * @param sinks           what the sinks say (duplicates), when they could be read
 * @param reconciliation  every accepted notification accounted for
 * @param promises        each promise, kept or broken
 * @param destination     a recipient-destination drill's own findings; null for a provider outage drill
 */
public record DrillReport(Map<String, Object> drill, String outageStart, String outageEnd, Posts posted, Map<String, Long> mttdMs,
                          List<HealthChange> health, Long firstCriticalSmsMs, Critical critical, Map<String, Lane> lanes,
                          Codes codes, Parked parked, Sinks sinks, Reconciled reconciliation, List<Promise> promises,
                          Destination destination) {
    /** A provider outage drill's report. */
    public DrillReport(Map<String, Object> drill, String outageStart, String outageEnd, Posts posted, Map<String, Long> mttdMs,
                       List<HealthChange> health, Long firstCriticalSmsMs, Critical critical, Map<String, Lane> lanes,
                       Codes codes, Parked parked, Sinks sinks, Reconciled reconciliation, List<Promise> promises) {
        this(drill, outageStart, outageEnd, posted, mttdMs, health, firstCriticalSmsMs, critical, lanes, codes, parked, sinks,
                reconciliation, promises, null);
    }

    /** This report with a destination drill's findings and their promises added. */
    public DrillReport withDestination(Destination findings, List<Promise> more) {
        List<Promise> all = new java.util.ArrayList<>(promises);
        all.addAll(more);
        return new DrillReport(drill, outageStart, outageEnd, posted, mttdMs, health, firstCriticalSmsMs, critical, lanes, codes, parked,
                sinks, reconciliation, List.copyOf(all), findings);
    }

    /** Whether every promise was kept. */
    public boolean promisesKept() {
        return promises.stream().allMatch(Promise::kept);
    }

    public record Posts(int total, Map<String, Long> byLane, int duringOutage) {
    }

    public record HealthChange(String provider, String state, String since, long sinceOutageStartMs, String reason, String source) {
    }

    /** @param latencyP50Ms POST → SENT of those delivered, nearest rank */
    public record Critical(int postedDuringOutage, int deliveredBySms, int deliveredByEmail, List<String> notDelivered,
                           Long latencyP50Ms, Long latencyP99Ms, Long latencyMaxMs) {
    }

    public record Lane(int posted, Map<String, Long> terminal, int parked, int inFlight, int lost) {
    }

    public record Codes(int posted, int expired, List<String> sentAfterExpiry) {
    }

    /** @param drainMs outage end → the last parked notification's terminal state (null while some are still parked) */
    public record Parked(int total, Map<String, Long> byLane, int stillParked, Long drainMs, List<Release> releases) {
    }

    public record Release(String replayId, String state, String pace, long selected, long copied, String startedAt, List<Wave> waves) {
    }

    /** @param actual released messages seen by the router (REPLAYED) in this wave's burst */
    public record Wave(int wave, long planned, long actual) {
    }

    public record Sinks(boolean measured, int mailReceived, int smsReceived, Map<String, Integer> duplicates, int unknownDeliveries) {
    }

    public record Reconciled(int accepted, long terminal, int parked, int inFlight, List<String> lost,
                             Map<String, List<String>> multipleTerminal) {
    }

    public record Promise(String promise, boolean kept, String detail) {
    }

    /**
     * What a recipient-destination drill found.
     *
     * @param destination     the destination whose recipients failed
     * @param domains         the affected recipient domains
     * @param sharePercent    share of each lane's recipients on them
     * @param mttdMs          per destination health record hit (the destination, or a domain without a mapping): outage start → DOWN
     * @param providersDown   mail providers that went DOWN during the outage (a destination outage must take none down)
     * @param critical        critical codes to affected recipients posted during the outage: how and how fast they went out
     * @param unaffected      mail to everyone else posted during the outage
     * @param releases        the destination's releases of its parked backlog, with planned and actual waves
     */
    public record Destination(String destination, List<String> domains, int sharePercent, Map<String, Long> mttdMs,
                              List<String> providersDown, Critical critical, Unaffected unaffected, List<Release> releases) {
    }

    /**
     * @param posted             transactional and bulk mail to unaffected recipients posted during the outage
     * @param sentBy             how many of them each provider sent
     * @param deferred           how many met a deferral (must be none)
     * @param parked             how many were parked (must be none)
     * @param latencyP50BeforeMs POST → SENT before the outage, for comparison
     * @param latencyP50DuringMs POST → SENT during the outage
     * @param latencyP99DuringMs POST → SENT during the outage
     */
    public record Unaffected(int posted, Map<String, Long> sentBy, int deferred, int parked, Long latencyP50BeforeMs,
                             Long latencyP50DuringMs, Long latencyP99DuringMs) {
    }
}
