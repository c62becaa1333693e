package io.herald.router.health;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;

/**
 * The health tracker's memory of one provider: observed state, the current counting window, the
 * current run of attempts without a delivery, the half-open progress, what the last active probe said,
 * and an operator override (which wins over the observed state while set). Times are epoch milliseconds.
 *
 * @param consecutiveTransient   transient failures since the last delivery or permanent answer (throttles
 *                               neither add to nor break it)
 * @param consecutiveUndelivered attempts of any failing kind (transient or throttled) since the last delivery
 *                               or permanent answer
 * @param halfOpenSuccesses      successes in HALF_OPEN so far, real deliveries and successful probes alike
 * @param halfOpenProbeSuccesses how many of those were probes
 * @param halfOpenFailedBy       what failed the half-open phase (PROBE or OBSERVED), null while nothing did
 * @param lastProbeAtMs          when the last probe of this provider finished; {@code Long.MIN_VALUE / 2} if never
 * @param lastProbeOk            whether the last probe since the provider went DOWN succeeded
 */
public record ProviderTracker(String providerId, Channel channel, HealthState state, long sinceMs, long lastTransitionMs,
                              long windowStartMs, int attempts, int successes, int transientFailures, int throttled,
                              int permanentFailures, int consecutiveTransient, int consecutiveUndelivered,
                              int halfOpenSuccesses, int halfOpenProbeSuccesses, HealthSource halfOpenFailedBy,
                              long lastProbeAtMs, boolean lastProbeOk, HealthState forced) {
    static final long NEVER = Long.MIN_VALUE / 2;

    /** A provider never observed before: HEALTHY, with a dwell clock that does not block its first transition. */
    public static ProviderTracker fresh(String providerId, Channel channel, long nowMs) {
        return new ProviderTracker(providerId, channel, HealthState.HEALTHY, nowMs, NEVER, nowMs,
                0, 0, 0, 0, 0, 0, 0, 0, 0, null, NEVER, false, null);
    }

    /** The state others should act on: the operator's, when forced. */
    public HealthState effectiveState() {
        return forced != null ? forced : state;
    }

    public double failureRatio() {
        return attempts == 0 ? 0.0 : (double) transientFailures / attempts;
    }

    public double throttledRatio() {
        return attempts == 0 ? 0.0 : (double) throttled / attempts;
    }

    /** Attempts the provider could have delivered (permanent answers excluded: the recipient's fault). */
    public int deliverable() {
        return attempts - permanentFailures;
    }

    /** Share of deliverable attempts that were delivered; 1 when there were none. */
    public double deliveredRatio() {
        return deliverable() == 0 ? 1.0 : (double) successes / deliverable();
    }

    public boolean halfOpenFailed() {
        return halfOpenFailedBy != null;
    }

    ProviderTracker withCounts(int attempts, int successes, int transientFailures, int throttled, int permanentFailures,
                               int consecutiveTransient, int consecutiveUndelivered, int halfOpenSuccesses,
                               int halfOpenProbeSuccesses, HealthSource halfOpenFailedBy) {
        return new ProviderTracker(providerId, channel, state, sinceMs, lastTransitionMs, windowStartMs, attempts,
                successes, transientFailures, throttled, permanentFailures, consecutiveTransient, consecutiveUndelivered,
                halfOpenSuccesses, halfOpenProbeSuccesses, halfOpenFailedBy, lastProbeAtMs, lastProbeOk, forced);
    }

    ProviderTracker withProbe(long atMs, boolean ok) {
        return new ProviderTracker(providerId, channel, state, sinceMs, lastTransitionMs, windowStartMs, attempts,
                successes, transientFailures, throttled, permanentFailures, consecutiveTransient, consecutiveUndelivered,
                halfOpenSuccesses, halfOpenProbeSuccesses, halfOpenFailedBy, Math.max(lastProbeAtMs, atMs), ok, forced);
    }

    /**
     * Fresh evidence in each new state: counters and half-open progress restart, and a probe must succeed
     * again after going DOWN. A run of failures that degraded a provider goes on counting, so the same run
     * can take it DOWN a few attempts later.
     */
    ProviderTracker enter(HealthState next, long nowMs) {
        boolean runGoesOn = next == HealthState.DEGRADED;
        return new ProviderTracker(providerId, channel, next, nowMs, nowMs, nowMs, 0, 0, 0, 0, 0,
                runGoesOn ? consecutiveTransient : 0, runGoesOn ? consecutiveUndelivered : 0, 0, 0, null,
                lastProbeAtMs, next != HealthState.DOWN && lastProbeOk, forced);
    }

    /** A new counting window; a run of failures goes on across the boundary. */
    ProviderTracker newWindow(long nowMs) {
        return new ProviderTracker(providerId, channel, state, sinceMs, lastTransitionMs, nowMs, 0, 0, 0, 0, 0,
                consecutiveTransient, consecutiveUndelivered, halfOpenSuccesses, halfOpenProbeSuccesses, halfOpenFailedBy,
                lastProbeAtMs, lastProbeOk, forced);
    }

    ProviderTracker withForced(HealthState forced, long nowMs) {
        return new ProviderTracker(providerId, channel, state, sinceMs, nowMs, nowMs, 0, 0, 0, 0, 0, 0, 0, 0, 0, null,
                lastProbeAtMs, lastProbeOk, forced);
    }
}
