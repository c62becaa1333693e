package io.herald.workers.pacing;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.policy.choice.FailoverRamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Enforces a channel's {@link FailoverRamp} ({@code email.failover-ramp}): once this worker sees the primary DOWN (a
 * HALF_OPEN primary keeps the failover going),
 * each other provider takes transactional and bulk traffic no faster than the schedule allows since that moment, so
 * the secondary does not jump from nothing to everything. Critical traffic passes at once. The ramp starts again
 * from its first step at the next failover. It sits in front of the provider's own {@link ProviderPacer}: the ramp
 * caps the rate, AIMD still slows down on throttling. Thread-safe.
 */
public final class FailoverPacer {
    private final FailoverRamp ramp;
    private final String primary;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private Instant failoverSince;

    /** @param primary the channel's first configured provider, whose DOWN starts a failover */
    public FailoverPacer(FailoverRamp ramp, String primary, Clock clock, Sleeper sleeper) {
        this.ramp = ramp;
        this.primary = primary;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** A pacer that never holds anything back. */
    public static FailoverPacer none(Clock clock) {
        return new FailoverPacer(FailoverRamp.NONE, null, clock, Sleeper.REAL);
    }

    /** Blocks until the ramp lets one message of {@code lane} go to {@code provider}; {@code primaryState} reads the primary's health now. */
    public void acquire(String provider, Priority lane, Supplier<HealthState> primaryState) throws InterruptedException {
        TokenBucket bucket = null;
        while (true) {
            HealthState state = primaryState.get();
            double limit = ramp.limit(lane, provider.equals(primary), state, sinceFailover(state));
            if (Double.isInfinite(limit)) return;
            // One token of burst: the schedule, not an idle bucket's savings, decides how fast the secondary fills up.
            if (bucket == null) bucket = buckets.computeIfAbsent(provider, p -> new TokenBucket(limit, 1, clock));
            bucket.setRate(limit);
            if (bucket.tryAcquire()) return;
            Duration wait = bucket.timeUntilAvailable();
            sleeper.sleep(wait.isZero() ? Duration.ofMillis(1) : wait);
        }
    }

    /** Time since this pacer first saw the primary DOWN in the current failover; zero (and reset) once the failover is over. */
    private synchronized Duration sinceFailover(HealthState primaryState) {
        Instant now = clock.instant();
        if (!FailoverRamp.failingOver(primaryState)) {
            if (failoverSince != null) buckets.clear();
            failoverSince = null;
            return Duration.ZERO;
        }
        if (failoverSince == null) failoverSince = now;
        return Duration.between(failoverSince, now);
    }
}
