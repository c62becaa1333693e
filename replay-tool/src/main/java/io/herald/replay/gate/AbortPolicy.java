package io.herald.replay.gate;

import java.util.Locale;

/**
 * When to give up on a replay: the failure ratio of replayed messages whose outcome is known exceeds
 * {@code maxFailureRatio}, judged once {@code minOutcomes} outcomes are in.
 */
public record AbortPolicy(double maxFailureRatio, int minOutcomes) {
    /** Never aborts. */
    public static final AbortPolicy NEVER = new AbortPolicy(1.0, Integer.MAX_VALUE);

    public AbortPolicy {
        if (maxFailureRatio <= 0 || maxFailureRatio > 1) {
            throw new IllegalArgumentException("max failure ratio must be in (0, 1], was " + maxFailureRatio);
        }
        if (minOutcomes < 1) throw new IllegalArgumentException("min outcomes must be >= 1, was " + minOutcomes);
    }

    /** Null to carry on, or the reason to abort. */
    public String decide(long successes, long failures) {
        long known = successes + failures;
        if (known < minOutcomes || known == 0) return null;
        double ratio = (double) failures / known;
        if (ratio <= maxFailureRatio) return null;
        return String.format(Locale.ROOT, "failure ratio %.2f > %.2f over %d replayed outcomes", ratio, maxFailureRatio, known);
    }
}
