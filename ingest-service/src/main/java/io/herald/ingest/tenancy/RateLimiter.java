package io.herald.ingest.tenancy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Per-tenant request rate: one {@link TokenBucket} per tenant, created on first use. */
public final class RateLimiter {
    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** 0 when {@code cost} requests are allowed now, else whole seconds to wait (at least 1). */
    public long acquire(String tenantId, int cost) {
        long now = nanoClock.getAsLong();
        TokenBucket bucket = buckets.computeIfAbsent(tenantId, t -> new TokenBucket(ratePerSecond, burst, now));
        long waitNanos = bucket.tryTake(cost, now);
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
