package io.herald.ingest.tenancy;

import io.herald.contracts.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Daily per-tenant, per-channel quota (the SMS-pumping guard): a notification counts against every
 * channel it may be sent on. Days are UTC. Reservations are released when the write fails or turns
 * out to be a replay, so only accepted notifications count. Kept in memory, per instance, like the
 * rate limit: no instance reads what the others accept, so per-instance work does not grow with the
 * cluster (docs/scaling.md). With N instances a tenant may get up to N times the limit a day, and a
 * restart starts the day's count again; configure the limit as the cluster's limit divided by N.
 */
public final class DailyQuota {
    private final Map<Channel, Long> limits;
    private final Clock clock;
    private final Map<String, AtomicLong> used = new ConcurrentHashMap<>();
    private volatile String currentDay = "";

    /** {@code limits}: channel → notifications per UTC day; a channel without a limit is unlimited. */
    public DailyQuota(Map<Channel, Long> limits, Clock clock) {
        this.limits = limits.isEmpty() ? Map.of() : new EnumMap<>(limits);
        this.clock = clock;
    }

    /** A successful reservation to release on failure, or the exhausted channel. */
    public sealed interface Result {
        record Reserved(String day, Collection<Channel> channels) implements Result {
        }

        record Exhausted(Channel channel, long retryAfterSeconds) implements Result {
        }
    }

    public Result reserve(String tenantId, Collection<Channel> channels) {
        Instant now = clock.instant();
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        java.util.List<Channel> taken = new java.util.ArrayList<>();
        for (Channel channel : channels) {
            Long limit = limits.get(channel);
            if (limit == null) continue;
            AtomicLong counter = used.computeIfAbsent(key(tenantId, channel, day), k -> new AtomicLong());
            if (counter.incrementAndGet() > limit) {
                counter.decrementAndGet();
                release(tenantId, new Result.Reserved(day, taken));
                return new Result.Exhausted(channel, secondsToMidnight(now));
            }
            taken.add(channel);
        }
        forgetOtherDays(day);
        return new Result.Reserved(day, taken);
    }

    public void release(String tenantId, Result.Reserved reservation) {
        for (Channel channel : reservation.channels()) {
            AtomicLong counter = used.get(key(tenantId, channel, reservation.day()));
            if (counter != null) counter.decrementAndGet();
        }
    }

    public long used(String tenantId, Channel channel) {
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        AtomicLong counter = used.get(key(tenantId, channel, day));
        return counter == null ? 0 : counter.get();
    }

    static long secondsToMidnight(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Math.max(1, Duration.between(now, midnight).toSeconds());
    }

    private void forgetOtherDays(String today) {
        // Counters of past days are dead weight; drop them once, when the day turns.
        if (!today.equals(currentDay)) {
            currentDay = today;
            used.keySet().removeIf(k -> !k.endsWith("|" + today));
        }
    }

    private static String key(String tenantId, Channel channel, String day) {
        return tenantId + "|" + channel + "|" + day;
    }
}
