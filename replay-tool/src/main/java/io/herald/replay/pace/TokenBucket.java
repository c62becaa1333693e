package io.herald.replay.pace;

import java.util.function.LongSupplier;

/**
 * A token bucket on an injectable nanosecond clock, in reservation style: {@link #reserve} always grants
 * the permits and says how long the caller must wait before using them, so the long-run rate is exact
 * even when callers arrive late. Tokens accumulate up to {@code burst} while idle. Not thread-safe:
 * one replay loop owns it.
 */
public final class TokenBucket {
    private final LongSupplier nanoClock;
    private final double burst;
    private double ratePerSecond;
    private double tokens;
    private long lastRefill;
    private boolean started;

    /** A bucket starting with one token, so the first message goes at once. */
    public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = 1;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Takes {@code permits} tokens; returns the nanoseconds to wait before using them (0 = now). */
    public long reserve(int permits) {
        if (!started) {
            // Time between construction and first use (set-up, first poll) must not turn into a burst.
            started = true;
            lastRefill = nanoClock.getAsLong();
        }
        refill();
        tokens -= permits;
        if (tokens >= 0 || Double.isInfinite(ratePerSecond)) return 0;
        return (long) Math.ceil(-tokens / ratePerSecond * 1_000_000_000L);
    }

    /** Changes the rate from now on (a ramp); tokens earned so far are kept. */
    public void setRate(double newRatePerSecond) {
        if (!(newRatePerSecond > 0)) throw new IllegalArgumentException("rate must be positive, was " + newRatePerSecond);
        refill();
        this.ratePerSecond = newRatePerSecond;
    }

    public double rate() {
        return ratePerSecond;
    }

    /** Tokens available now (negative while reservations are outstanding). */
    public double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / 1e9 * ratePerSecond);
            lastRefill = now;
        }
    }
}
