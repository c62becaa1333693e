package io.herald.workers.pacing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Additive-increase / multiplicative-decrease send rate for one provider. A throttling reply halves the
 * rate (at most once per {@code cooldown}: the replies of requests already in flight describe the same
 * overload, not a new one); every {@code successesPerStep} consecutive successes add {@code step}
 * messages per second, never above {@code max} nor below {@code min}. Thread-safe; clock injected.
 */
public final class AimdRate {
    private final double max;
    private final double min;
    private final double step;
    private final int successesPerStep;
    private final Duration cooldown;
    private final Clock clock;
    private double current;
    private int successes;
    private Instant lastDecrease = Instant.MIN;

    public AimdRate(double max, double min, double step, int successesPerStep, Duration cooldown, Clock clock) {
        if (max <= 0) throw new IllegalArgumentException("max rate must be > 0, was " + max);
        if (min <= 0 || min > max) throw new IllegalArgumentException("min rate must be in (0, max], was " + min);
        if (step <= 0) throw new IllegalArgumentException("step must be > 0, was " + step);
        if (successesPerStep < 1) throw new IllegalArgumentException("successesPerStep must be >= 1, was " + successesPerStep);
        this.max = max;
        this.min = min;
        this.step = step;
        this.successesPerStep = successesPerStep;
        this.cooldown = cooldown;
        this.clock = clock;
        this.current = max;
    }

    /** Defaults: start at {@code max}, floor at 1% of max (≥ 0.1/s), step 5% of max per 20 successes, 1 s cooldown. */
    public static AimdRate startingAt(double max, Clock clock) {
        return new AimdRate(max, Math.min(max, Math.max(0.1, max / 100)), Math.max(0.1, max / 20), 20, Duration.ofSeconds(1), clock);
    }

    /** A throttling reply: halve, unless already halved within the cooldown. Returns the new rate. */
    public synchronized double onThrottled() {
        Instant now = clock.instant();
        successes = 0;
        if (lastDecrease != Instant.MIN && Duration.between(lastDecrease, now).compareTo(cooldown) < 0) return current;
        lastDecrease = now;
        current = Math.max(min, current / 2);
        return current;
    }

    /** A successful send: count it, and step up after enough of them in a row. Returns the new rate. */
    public synchronized double onSuccess() {
        if (++successes >= successesPerStep) {
            successes = 0;
            current = Math.min(max, current + step);
        }
        return current;
    }

    public synchronized double current() {
        return current;
    }

    public double max() {
        return max;
    }
}
