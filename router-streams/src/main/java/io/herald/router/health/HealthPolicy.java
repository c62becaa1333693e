package io.herald.router.health;

import java.time.Duration;

/**
 * Thresholds of the provider-health state machine. Hysteresis comes from three places: separate
 * thresholds to degrade and to recover, a minimum sample before ratios count, and a minimum dwell
 * time between two transitions of the same provider.
 *
 * @param window                  length of the counting window
 * @param minSample               attempts in the window before any ratio is trusted
 * @param consecutiveDegraded     transient failures in a row that degrade a healthy provider
 * @param consecutiveDown         transient failures in a row that take a provider down
 * @param degradedRatio           transient-failure ratio that degrades
 * @param downRatio               transient-failure ratio that takes it down
 * @param throttledRatio          throttled share that degrades (throttling never takes a provider down)
 * @param recoveryRatio           failure and throttled share under which DEGRADED recovers to HEALTHY
 * @param halfOpenAfter           time DOWN before the recovery trickle starts (HALF_OPEN)
 * @param halfOpenSuccesses       successes in HALF_OPEN needed to become HEALTHY (K)
 * @param minDwell                minimum time between two observed transitions
 */
public record HealthPolicy(Duration window, int minSample, int consecutiveDegraded, int consecutiveDown,
                           double degradedRatio, double downRatio, double throttledRatio, double recoveryRatio,
                           Duration halfOpenAfter, int halfOpenSuccesses, Duration minDwell) {
    public static final HealthPolicy DEFAULT = new HealthPolicy(Duration.ofSeconds(60), 20, 3, 10, 0.2, 0.5, 0.2, 0.05,
            Duration.ofSeconds(30), 5, Duration.ofSeconds(10));

    public HealthPolicy {
        if (minSample < 1) throw new IllegalArgumentException("minSample must be >= 1: " + minSample);
        if (consecutiveDegraded < 1 || consecutiveDown < consecutiveDegraded) {
            throw new IllegalArgumentException("need 1 <= consecutiveDegraded <= consecutiveDown, got "
                    + consecutiveDegraded + ", " + consecutiveDown);
        }
        if (!(recoveryRatio < degradedRatio && degradedRatio <= downRatio)) {
            // Without a gap between recover and degrade thresholds a provider at the boundary would flap.
            throw new IllegalArgumentException("need recoveryRatio < degradedRatio <= downRatio");
        }
        if (halfOpenSuccesses < 1) throw new IllegalArgumentException("halfOpenSuccesses must be >= 1");
        if (minDwell.isNegative() || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive and minDwell not negative");
        }
    }
}
