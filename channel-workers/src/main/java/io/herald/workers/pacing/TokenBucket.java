package io.herald.workers.pacing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket refilled at {@code rate} tokens per second up to {@code burst}. The clock is injected so
 * tests drive time by hand. Thread-safe.
 */
public final class TokenBucket {
    private final Clock clock;
    private final double burst;
    private double rate;
    private double tokens;
    private Instant last;

    public TokenBucket(double ratePerSecond, double burst, Clock clock) {
        if (ratePerSecond <= 0) throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        this.rate = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes a token if one is available now. */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until a token will be available (zero if one is available now); takes nothing. */
    public synchronized Duration timeUntilAvailable() {
        refill();
        if (tokens >= 1) return Duration.ZERO;
        double seconds = (1 - tokens) / rate;
        return Duration.ofNanos((long) Math.ceil(seconds * 1_000_000_000L));
    }

    /** Changes the refill rate from now on (tokens already earned are kept). */
    public synchronized void setRate(double ratePerSecond) {
        if (ratePerSecond <= 0) throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
        refill();
        this.rate = ratePerSecond;
    }

    public synchronized double rate() {
        return rate;
    }

    private void refill() {
        Instant now = clock.instant();
        long nanos = Duration.between(last, now).toNanos();
        if (nanos > 0) {
            tokens = Math.min(burst, tokens + nanos * rate / 1_000_000_000d);
            last = now;
        }
    }
}
