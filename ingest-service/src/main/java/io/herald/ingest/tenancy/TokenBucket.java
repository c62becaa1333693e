package io.herald.ingest.tenancy;

/**
 * A token bucket: {@code ratePerSecond} tokens refill continuously up to {@code burst}. The clock is
 * passed in (nanoseconds), so the arithmetic is table-testable without sleeping.
 */
public final class TokenBucket {
    private final double nanosPerToken;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        if (ratePerSecond <= 0) throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        this.nanosPerToken = 1e9 / ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes {@code n} tokens if available. Returns 0 when taken, else the nanoseconds until they
     * would be (nothing is taken then, so a refused caller does not drain the bucket further).
     */
    public synchronized long tryTake(int n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        double missing = Math.min(n, burst) - tokens;
        return Math.max(1, (long) Math.ceil(missing * nanosPerToken));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / nanosPerToken);
            lastNanos = nowNanos;
        }
    }
}
