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
 */
public record DrillReport(Map<String, Object> drill, String outageStart, String outageEnd, Posts posted, Map<String, Long> mttdMs,
                          List<HealthChange> health, Long firstCriticalSmsMs, Critical critical, Map<String, Lane> lanes,
                          Codes codes, Parked parked, Sinks sinks, Reconciled reconciliation, List<Promise> promises) {

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
}
