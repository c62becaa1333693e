package io.herald.router.health;

import java.time.Duration;

/**
 * Thresholds of the provider-health state machine. An outage is judged by what gets through: attempts
 * that deliver nothing take a provider DOWN whatever their reply class, while throttling that still lets
 * deliveries through only degrades it. Hysteresis comes from separate thresholds to degrade and to
 * recover, a minimum sample before ratios count, a minimum dwell time between two transitions, and the
 * half-open phase every recovery from DOWN goes through.
 *
 * @param window                  length of the counting window
 * @param minSample               attempts in the window before any ratio is trusted
 * @param consecutiveDegraded     transient failures in a row (no delivery between) that degrade a healthy provider
 * @param consecutiveDown         attempts in a row without a delivery, at least one of them a failure (not only
 *                                throttling), that take a provider DOWN: the fast outage detector at low traffic
 * @param consecutiveDownThrottled throttled replies in a row without a delivery that take a provider DOWN: pacing
 *                                halves the rate on each, so this many means nothing is accepted even at the floor rate
 * @param degradedRatio           transient-failure ratio that degrades
 * @param downDeliveredRatio      share of attempts delivered (permanent failures excluded: the provider answered)
 *                                under which, over the minimum sample, a provider is DOWN
 * @param throttledRatio          throttled share that degrades
 * @param recoveryRatio           failure and throttled share under which DEGRADED recovers to HEALTHY
 * @param halfOpenAfter           time DOWN before the recovery trickle starts (HALF_OPEN)
 * @param halfOpenSuccesses       successes in HALF_OPEN needed to become HEALTHY (K)
 * @param minDwell                minimum time between two observed transitions, except going DOWN (leaving DOWN takes
 *                                at least {@code halfOpenAfter}, so an outage is never held back by dwell)
 * @param probeTimeout            a provider whose last probe is younger than this is "probed": it leaves DOWN only on
 *                                a successful probe. A prober silent for longer (stopped, not deployed) must not keep
 *                                a provider DOWN for ever, so the time-based half-open applies again.
 */
public record HealthPolicy(Duration window, int minSample, int consecutiveDegraded, int consecutiveDown,
                           int consecutiveDownThrottled, double degradedRatio, double downDeliveredRatio,
                           double throttledRatio, double recoveryRatio, Duration halfOpenAfter, int halfOpenSuccesses,
                           Duration minDwell, Duration probeTimeout) {
    /**
     * At 5 messages/s with every provider deferring, each provider sees several attempts a second, so five
     * failed attempts in a row (DOWN) arrive within a second or two of the first deferral.
     */
    public static final HealthPolicy DEFAULT = new HealthPolicy(Duration.ofSeconds(60), 20, 3, 5, 10, 0.2, 0.1, 0.2, 0.05,
            Duration.ofSeconds(30), 5, Duration.ofSeconds(10), Duration.ofMinutes(2));

    public HealthPolicy {
        if (minSample < 1) throw new IllegalArgumentException("minSample must be >= 1: " + minSample);
        if (consecutiveDegraded < 1 || consecutiveDown < consecutiveDegraded) {
            throw new IllegalArgumentException("need 1 <= consecutiveDegraded <= consecutiveDown, got "
                    + consecutiveDegraded + ", " + consecutiveDown);
        }
        if (consecutiveDownThrottled < consecutiveDown) {
            throw new IllegalArgumentException("need consecutiveDown <= consecutiveDownThrottled, got "
                    + consecutiveDown + ", " + consecutiveDownThrottled);
        }
        if (!(recoveryRatio < degradedRatio && degradedRatio <= 1.0)) {
            // Without a gap between recover and degrade thresholds a provider at the boundary would flap.
            throw new IllegalArgumentException("need recoveryRatio < degradedRatio <= 1");
        }
        if (downDeliveredRatio < 0 || downDeliveredRatio >= 1) {
            throw new IllegalArgumentException("downDeliveredRatio must be in [0, 1): " + downDeliveredRatio);
        }
        if (halfOpenSuccesses < 1) throw new IllegalArgumentException("halfOpenSuccesses must be >= 1");
        if (minDwell.isNegative() || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive and minDwell not negative");
        }
        if (probeTimeout.isZero() || probeTimeout.isNegative()) {
            throw new IllegalArgumentException("probeTimeout must be positive: " + probeTimeout);
        }
    }
}
