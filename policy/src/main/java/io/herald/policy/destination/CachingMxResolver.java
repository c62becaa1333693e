package io.herald.policy.destination;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Resolves destinations by MX rollup with a bounded, TTL'd cache: overrides first, then the cached answer,
 * then a lookup. A failed lookup is cached as "the domain itself" for a shorter time, so a broken resolver
 * costs one lookup per domain per {@code negativeTtl}, and mail still gets a destination (its domain).
 *
 * <p>The cache TTL is configured rather than taken from the DNS answer: the JDK's DNS provider does not
 * expose record TTLs, and MX moves between mail services are rare enough that an hour is fine. Callers
 * must not call this on a latency-critical thread (the ingest service resolves before producing; the
 * router uses {@link DestinationResolver#offline} and the destination carried on the request).
 * Thread-safe.
 */
public final class CachingMxResolver implements DestinationResolver {
    private final DestinationOverrides overrides;
    private final MxLookup lookup;
    private final LongSupplier clockMs;
    private final long ttlMs;
    private final long negativeTtlMs;
    private final Map<String, Cached> cache;

    private record Cached(String destination, long expiresAtMs) {
    }

    public CachingMxResolver(DestinationOverrides overrides, MxLookup lookup, LongSupplier clockMs, Duration ttl,
                             Duration negativeTtl, int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        this.overrides = overrides;
        this.lookup = lookup;
        this.clockMs = clockMs;
        this.ttlMs = ttl.toMillis();
        this.negativeTtlMs = negativeTtl.toMillis();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public String resolve(String email) {
        String domain = Destinations.domainOf(email);
        if (domain == null) return null;
        String configured = overrides.of(domain);
        if (configured != null) return configured;
        long now = clockMs.getAsLong();
        synchronized (cache) {
            Cached hit = cache.get(domain);
            if (hit != null && now < hit.expiresAtMs()) return hit.destination();
        }
        Cached fresh = lookUp(domain, now);
        synchronized (cache) {
            cache.put(domain, fresh);
        }
        return fresh.destination();
    }

    /**
     * What is known without asking DNS: the override, or a cached answer that has not expired; null otherwise
     * (then a caller that must not block resolves in the background and lets this message go without).
     */
    public String peek(String email) {
        String domain = Destinations.domainOf(email);
        if (domain == null) return null;
        String configured = overrides.of(domain);
        if (configured != null) return configured;
        synchronized (cache) {
            Cached hit = cache.get(domain);
            return hit != null && clockMs.getAsLong() < hit.expiresAtMs() ? hit.destination() : null;
        }
    }

    private Cached lookUp(String domain, long now) {
        try {
            List<String> hosts = lookup.mx(domain);
            return new Cached(Destinations.rollup(domain, hosts == null ? List.of() : hosts), now + ttlMs);
        } catch (Exception e) {
            // No answer (timeout, NXDOMAIN, no resolver): the domain stands for itself until we ask again.
            return new Cached(domain, now + negativeTtlMs);
        }
    }
}
