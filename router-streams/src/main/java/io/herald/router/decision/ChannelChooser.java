package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Chooses the channel and providers for a notification from the provider-health view. Pure.
 *
 * <p>The first candidate channel with a usable provider wins; moving past the first one is a
 * fallback, which the lane's policy must allow ({@link RoutingPolicy#fallbackAllowed}). A provider is
 * usable unless DOWN; a HALF_OPEN provider only takes its recovery trickle (a deterministic share of
 * notifications, by id hash), so a provider that just came back is not flooded, and for that share it is
 * the first provider tried, so its probes actually happen.
 */
public final class ChannelChooser {
    public static final String PRIMARY = "first-healthy-channel";
    public static final String CRITICAL_FALLBACK = "critical-cross-channel-failover";
    public static final String TRANSACTIONAL_FALLBACK = "transactional-allowed-fallback";
    public static final String BULK_FALLBACK = "bulk-unpaid-fallback";
    public static final String BULK_PARKS = "bulk-parks-when-down";
    public static final String NO_ROUTE = "no-healthy-route";
    public static final String NO_HEALTHY_PROVIDER = "no-healthy-provider";

    private ChannelChooser() {
    }

    /**
     * @param candidates   consented, addressable, not yet exhausted channels in request order (non-empty)
     * @param primaryFirst true for a first routing (the first candidate is the preferred channel, not a fallback);
     *                     false after a channel failed, when every candidate is a fallback
     * @param health       providerId → state; a provider with no entry is HEALTHY
     */
    public static Route choose(String notificationId, Priority lane, List<Channel> candidates, boolean primaryFirst,
                               Boolean allowChannelFallback, Map<String, HealthState> health, RoutingPolicy policy) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidate channel for " + notificationId);
        for (int i = 0; i < candidates.size(); i++) {
            Channel channel = candidates.get(i);
            boolean fallback = i > 0 || !primaryFirst;
            if (fallback && !policy.fallbackAllowed(lane, allowChannelFallback, channel)) continue;
            List<String> providers = usableProviders(notificationId, channel, health, policy);
            if (!providers.isEmpty()) {
                return new Route.Dispatch(channel, providers, fallback ? fallbackRule(lane) : PRIMARY, fallback);
            }
        }
        return new Route.Park(candidates.get(0), NO_HEALTHY_PROVIDER, lane == Priority.BULK ? BULK_PARKS : NO_ROUTE);
    }

    /**
     * Providers of {@code channel} that may take this notification now. A HALF_OPEN provider whose
     * trickle includes this notification comes first — it is the probe, and a probe that is only a
     * fallback would never be tried — then HEALTHY before DEGRADED.
     */
    public static List<String> usableProviders(String notificationId, Channel channel, Map<String, HealthState> health,
                                               RoutingPolicy policy) {
        List<String> usable = new ArrayList<>();
        for (String provider : policy.providersOf(channel)) {
            HealthState state = health.getOrDefault(provider, HealthState.HEALTHY);
            if (state == HealthState.DOWN) continue;
            if (state == HealthState.HALF_OPEN && !inTrickle(notificationId, policy.halfOpenTricklePercent())) continue;
            usable.add(provider);
        }
        usable.sort(Comparator.comparingInt(p -> rank(health.getOrDefault(p, HealthState.HEALTHY))));
        return List.copyOf(usable);
    }

    /** Deterministic, so a replayed or failed-over notification lands in the same trickle bucket. */
    static boolean inTrickle(String notificationId, int percent) {
        return Math.floorMod(notificationId.hashCode(), 100) < percent;
    }

    private static int rank(HealthState state) {
        return switch (state) {
            case HALF_OPEN -> 0;
            case HEALTHY -> 1;
            case DEGRADED -> 2;
            case DOWN -> 3;
        };
    }

    private static String fallbackRule(Priority lane) {
        return switch (lane) {
            case CRITICAL -> CRITICAL_FALLBACK;
            case TRANSACTIONAL -> TRANSACTIONAL_FALLBACK;
            case BULK -> BULK_FALLBACK;
        };
    }
}
