package io.herald.runtime.background;

import java.time.Duration;
import java.util.Objects;

/**
 * Capped exponential back-off between restarts: {@code initial}, doubling with each consecutive failure, never more
 * than {@code max}. A session that caught up resets the count, so one failure a day waits {@code initial}, while a
 * loop failing over and over settles at one attempt every {@code max}.
 */
public record Backoff(Duration initial, Duration max) {
    /** 200 ms doubling up to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial back-off must be positive: " + initial);
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max back-off " + max + " is below the initial " + initial);
    }

    /** The wait before the restart that follows {@code consecutiveFailures} failures in a row (1 for the first). */
    public Duration delay(int consecutiveFailures) {
        if (consecutiveFailures < 1) throw new IllegalArgumentException("consecutiveFailures must be at least 1: " + consecutiveFailures);
        int doublings = Math.min(consecutiveFailures - 1, 30);
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) millis *= 2;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
