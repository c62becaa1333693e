package io.herald.router.decision;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Resolves a request's expiry: its own {@code expiresAt}, else createdAt plus the lane's default
 * time-to-live (critical 15 min — a late one-time code is worse than none —, transactional 24 h, bulk 72 h).
 */
public record ExpiryPolicy(Map<Priority, Duration> defaults) {
    public static final ExpiryPolicy DEFAULT = new ExpiryPolicy(Map.of(
            Priority.CRITICAL, Duration.ofMinutes(15),
            Priority.TRANSACTIONAL, Duration.ofHours(24),
            Priority.BULK, Duration.ofHours(72)));

    public ExpiryPolicy {
        for (Priority p : Priority.values()) {
            if (!defaults.containsKey(p)) throw new IllegalArgumentException("no default expiry for lane " + p);
        }
        defaults = Map.copyOf(new EnumMap<>(defaults));
    }

    /** The instant after which {@code request} must never be delivered. */
    public Instant expiresAt(NotificationRequest request) {
        if (request.getExpiresAt() != null) return request.getExpiresAt();
        return request.getCreatedAt().plus(defaults.get(request.getPriority()));
    }

    /** True when {@code request} may no longer be delivered at {@code now}. */
    public boolean isExpired(NotificationRequest request, Instant now) {
        return !now.isBefore(expiresAt(request));
    }
}
