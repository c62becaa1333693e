package io.herald.router.health;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;

/**
 * The health tracker's memory of one provider: observed state, the current counting window, the
 * half-open progress, and an operator override (which wins over the observed state while set).
 * Times are epoch milliseconds.
 */
public record ProviderTracker(String providerId, Channel channel, HealthState state, long sinceMs, long lastTransitionMs,
                              long windowStartMs, int attempts, int successes, int transientFailures, int throttled,
                              int permanentFailures, int consecutiveTransient, int halfOpenSuccesses,
                              boolean halfOpenFailed, HealthState forced) {

    /** A provider never observed before: HEALTHY, with a dwell clock that does not block its first transition. */
    public static ProviderTracker fresh(String providerId, Channel channel, long nowMs) {
        return new ProviderTracker(providerId, channel, HealthState.HEALTHY, nowMs, Long.MIN_VALUE / 2, nowMs,
                0, 0, 0, 0, 0, 0, 0, false, null);
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

    ProviderTracker withCounts(int attempts, int successes, int transientFailures, int throttled, int permanentFailures,
                               int consecutiveTransient, int halfOpenSuccesses, boolean halfOpenFailed) {
        return new ProviderTracker(providerId, channel, state, sinceMs, lastTransitionMs, windowStartMs, attempts,
                successes, transientFailures, throttled, permanentFailures, consecutiveTransient, halfOpenSuccesses,
                halfOpenFailed, forced);
    }

    /** Fresh evidence in each new state: counters, streak and half-open progress restart. */
    ProviderTracker enter(HealthState next, long nowMs) {
        return new ProviderTracker(providerId, channel, next, nowMs, nowMs, nowMs, 0, 0, 0, 0, 0, 0, 0, false, forced);
    }

    ProviderTracker newWindow(long nowMs) {
        return new ProviderTracker(providerId, channel, state, sinceMs, lastTransitionMs, nowMs, 0, 0, 0, 0, 0,
                consecutiveTransient, halfOpenSuccesses, halfOpenFailed, forced);
    }

    ProviderTracker withForced(HealthState forced, long nowMs) {
        return new ProviderTracker(providerId, channel, state, sinceMs, nowMs, nowMs, 0, 0, 0, 0, 0, 0, 0, false, forced);
    }
}
