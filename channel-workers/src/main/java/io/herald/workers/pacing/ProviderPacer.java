package io.herald.workers.pacing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paces one provider: an adaptive (AIMD) rate enforced by a token bucket, plus a cap on concurrent
 * connections. Callers {@link #acquire()} before sending and {@link #release} after, reporting whether
 * the provider throttled them. A throttling reply that says how long to wait ({@code Retry-After}) also
 * holds the provider: nobody sends to it until then, up to {@link #MAX_HOLD}.
 *
 * <p>An <em>urgent</em> caller (a one-time code) goes first: it takes the next connection slot that frees before any
 * waiting normal caller, and normal callers take no token while it waits for one. The critical lane has a worker of
 * its own, so a code's call can arrive while a bulk batch keeps every slot busy; it then waits for one call to
 * finish, not for the bulk calls queued behind the slots.
 */
public final class ProviderPacer {
    /**
     * The longest a {@code Retry-After} holds a provider. A held {@link #acquire()} blocks its worker thread and with it
     * the batch, so the hold stays well below the consumer's {@code max.poll.interval.ms} (5 min by default); a
     * provider asking for longer gets the remaining wait from AIMD pacing and the retry tiers instead.
     */
    public static final Duration MAX_HOLD = Duration.ofMinutes(1);
    private final String providerId;
    private final AimdRate rate;
    private final TokenBucket bucket;
    private final int maxConnections;
    private int freeConnections;
    private int urgentWaitingForConnection;
    private final AtomicInteger urgentWaitingForToken = new AtomicInteger();
    private final Sleeper sleeper;
    private final Clock clock;
    private Instant heldUntil = Instant.MIN;

    public ProviderPacer(String providerId, double maxRate, int maxConnections, Clock clock, Sleeper sleeper) {
        this(providerId, AimdRate.startingAt(maxRate, clock), maxConnections, clock, sleeper);
    }

    public ProviderPacer(String providerId, AimdRate rate, int maxConnections, Clock clock, Sleeper sleeper) {
        if (maxConnections < 1) throw new IllegalArgumentException("max connections of " + providerId + " must be >= 1");
        this.providerId = providerId;
        this.rate = rate;
        // A burst of one second's worth at most keeps the provider from seeing spikes after idle time.
        this.bucket = new TokenBucket(rate.current(), Math.max(1, Math.min(rate.max(), 10)), clock);
        this.maxConnections = maxConnections;
        this.freeConnections = maxConnections;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Blocks until a connection slot is free, any hold has passed and a token is available. */
    public void acquire() throws InterruptedException {
        acquire(false);
    }

    /**
     * Blocks until a connection slot is free, any hold has passed and a token is available; {@code urgent} callers
     * are served before waiting normal ones.
     */
    public void acquire(boolean urgent) throws InterruptedException {
        takeConnection(urgent);
        try {
            for (Duration held = holdRemaining(); !held.isZero(); held = holdRemaining()) sleeper.sleep(held);
            if (urgent) urgentWaitingForToken.incrementAndGet();
            try {
                while ((!urgent && urgentWaitingForToken.get() > 0) || !bucket.tryAcquire()) {
                    Duration wait = bucket.timeUntilAvailable();
                    sleeper.sleep(wait.isZero() ? Duration.ofMillis(1) : wait);
                }
            } finally {
                if (urgent) urgentWaitingForToken.decrementAndGet();
            }
        } catch (InterruptedException | RuntimeException e) {
            releaseConnection();
            throw e;
        }
    }

    private synchronized void takeConnection(boolean urgent) throws InterruptedException {
        if (urgent) urgentWaitingForConnection++;
        try {
            while (freeConnections == 0 || (!urgent && urgentWaitingForConnection > 0)) wait();
            freeConnections--;
        } finally {
            if (urgent) {
                urgentWaitingForConnection--;
                // Normal callers held back for this one may go again.
                notifyAll();
            }
        }
    }

    private synchronized void releaseConnection() {
        if (freeConnections < maxConnections) freeConnections++;
        notifyAll();
    }

    /** Frees the connection slot; {@code throttled} halves the rate, a success may raise it. */
    public void release(Outcome outcome) {
        release(outcome, Duration.ZERO);
    }

    /**
     * Frees the connection slot; {@code throttled} halves the rate and, when the provider said how long to wait
     * ({@code retryAfter} above zero), holds the provider until then (at most {@link #MAX_HOLD}); a success may
     * raise the rate.
     */
    public void release(Outcome outcome, Duration retryAfter) {
        releaseConnection();
        switch (outcome) {
            case THROTTLED -> {
                bucket.setRate(rate.onThrottled());
                if (retryAfter != null && retryAfter.compareTo(Duration.ZERO) > 0) hold(retryAfter);
            }
            case SUCCESS -> bucket.setRate(rate.onSuccess());
            default -> { }
        }
    }

    /** How long sends to this provider are still held; zero when they are not. */
    public synchronized Duration holdRemaining() {
        Instant now = clock.instant();
        return now.isBefore(heldUntil) ? Duration.between(now, heldUntil) : Duration.ZERO;
    }

    /** Holds sends until {@code wait} from now, capped; an earlier hold that ends later is kept. */
    private synchronized void hold(Duration wait) {
        Instant until = clock.instant().plus(wait.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : wait);
        if (until.isAfter(heldUntil)) heldUntil = until;
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
