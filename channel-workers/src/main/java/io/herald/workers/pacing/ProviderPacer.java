package io.herald.workers.pacing;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Paces one provider: an adaptive (AIMD) rate enforced by a token bucket, plus a cap on concurrent
 * connections. Callers {@link #acquire()} before sending and {@link #release} after, reporting whether
 * the provider throttled them.
 */
public final class ProviderPacer {
    private final String providerId;
    private final AimdRate rate;
    private final TokenBucket bucket;
    private final Semaphore connections;
    private final Sleeper sleeper;

    public ProviderPacer(String providerId, double maxRate, int maxConnections, Clock clock, Sleeper sleeper) {
        this(providerId, AimdRate.startingAt(maxRate, clock), maxConnections, clock, sleeper);
    }

    public ProviderPacer(String providerId, AimdRate rate, int maxConnections, Clock clock, Sleeper sleeper) {
        if (maxConnections < 1) throw new IllegalArgumentException("max connections of " + providerId + " must be >= 1");
        this.providerId = providerId;
        this.rate = rate;
        // A burst of one second's worth at most keeps the provider from seeing spikes after idle time.
        this.bucket = new TokenBucket(rate.current(), Math.max(1, Math.min(rate.max(), 10)), clock);
        this.connections = new Semaphore(maxConnections, true);
        this.sleeper = sleeper;
    }

    /** Blocks until a connection slot and a token are available. */
    public void acquire() throws InterruptedException {
        connections.acquire();
        try {
            while (!bucket.tryAcquire()) {
                Duration wait = bucket.timeUntilAvailable();
                sleeper.sleep(wait.isZero() ? Duration.ofMillis(1) : wait);
            }
        } catch (InterruptedException | RuntimeException e) {
            connections.release();
            throw e;
        }
    }

    /** Frees the connection slot; {@code throttled} halves the rate, a success may raise it. */
    public void release(Outcome outcome) {
        connections.release();
        switch (outcome) {
            case THROTTLED -> bucket.setRate(rate.onThrottled());
            case SUCCESS -> bucket.setRate(rate.onSuccess());
            default -> { }
        }
    }

    public String providerId() {
        return providerId;
    }

    /** Current target rate in messages per second. */
    public double currentRate() {
        return rate.current();
    }

    /** What an attempt told us about the provider's capacity. */
    public enum Outcome { SUCCESS, THROTTLED, OTHER }
}
