package io.herald.replay.gate;

import io.herald.contracts.HealthState;

/**
 * When a provider is fit to take replayed traffic: it is HEALTHY and its live deferral ratio is below
 * {@code maxDeferralRatio} (judged only once {@code minAttempts} attempts were seen, so one early deferral
 * does not halt a replay).
 *
 * @param unknownIsHealthy what a provider with no health record means; the router publishes transitions only,
 *                         so a provider that never left HEALTHY has no record
 */
public record GatePolicy(double maxDeferralRatio, int minAttempts, boolean unknownIsHealthy) {
    public static final GatePolicy DEFAULT = new GatePolicy(0.2, 20, true);

    public GatePolicy {
        if (maxDeferralRatio <= 0 || maxDeferralRatio > 1) {
            throw new IllegalArgumentException("max deferral ratio must be in (0, 1], was " + maxDeferralRatio);
        }
        if (minAttempts < 0) throw new IllegalArgumentException("min attempts must be >= 0, was " + minAttempts);
    }

    /**
     * @param state    the provider's latest health state, or null when none was ever published
     * @param attempts delivery attempts in the live window
     * @param deferred deferred attempts in the live window
     */
    public GateVerdict decide(String providerId, HealthState state, long attempts, long deferred) {
        // No record: trust the default; a router that never saw a failure publishes nothing.
        if (state == null && !unknownIsHealthy) return GateVerdict.closed(providerId + " has no health record");
        if (state != null && state != HealthState.HEALTHY) return GateVerdict.closed(providerId + " is " + state);
        // Too few attempts to judge: a single early deferral must not halt a release.
        if (attempts < minAttempts || attempts == 0) return GateVerdict.OPEN;
        double ratio = (double) deferred / attempts;
        if (ratio >= maxDeferralRatio) {
            return GateVerdict.closed(String.format(java.util.Locale.ROOT, "%s deferral ratio %.2f >= %.2f over %d attempts",
                    providerId, ratio, maxDeferralRatio, attempts));
        }
        return GateVerdict.OPEN;
    }
}
