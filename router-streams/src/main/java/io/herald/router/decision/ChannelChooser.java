package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.policy.choice.ProviderChoice;
import io.herald.policy.choice.WarmUp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the channel and providers for a notification from the provider-health view. Pure.
 *
 * <p>The first candidate channel with a usable provider wins; moving past the first one is a
 * fallback, which the lane's policy must allow ({@link RoutingPolicy#fallbackAllowed}). Which of a
 * channel's providers are usable, and in which order, is not decided here but by the one rule the
 * workers apply too, {@link ProviderChoice#choose}: DOWN never, HALF_OPEN only for its trickle (and then
 * first, so its probe happens), then HEALTHY before DEGRADED.
 *
 * <p>A dispatch also names the channels it could still fail over to (the later candidates the lane may
 * fall back to, with a provider not DOWN now), so a worker knows whether handing a critical message back
 * at once can help or whether it should keep retrying on its own channel.
 */
public final class ChannelChooser {
    public static final String PRIMARY = "first-healthy-channel";
    /** The primary channel, its secondary provider first for warm-up (the workers keep the order). */
    public static final String WARM_SECONDARY = "warm-secondary-share";
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
            List<String> byHealth = ProviderChoice.choose(notificationId, policy.providersOf(channel), List.of(), health::get,
                    policy.halfOpenTricklePercent()).usable();
            List<String> providers = warm(notificationId, lane, channel, byHealth, health, policy);
            if (!providers.isEmpty()) {
                List<Channel> later = fallbacksAfter(i, lane, candidates, allowChannelFallback, health, policy);
                String rule = fallback ? fallbackRule(lane) : providers.equals(byHealth) ? PRIMARY : WARM_SECONDARY;
                return new Route.Dispatch(channel, providers, rule, fallback, later);
            }
        }
        return new Route.Park(candidates.get(0), NO_HEALTHY_PROVIDER, lane == Priority.BULK ? BULK_PARKS : NO_ROUTE);
    }

    /**
     * Providers of {@code channel} that may take this notification now, best first: {@link ProviderChoice}'s verdict,
     * then, for email, the warm-up share put on the secondary first ({@link WarmUp}; the workers keep this order).
     */
    public static List<String> usableProviders(String notificationId, Priority lane, Channel channel,
                                               Map<String, HealthState> health, RoutingPolicy policy) {
        List<String> usable = ProviderChoice.choose(notificationId, policy.providersOf(channel), List.of(), health::get,
                policy.halfOpenTricklePercent()).usable();
        return warm(notificationId, lane, channel, usable, health, policy);
    }

    private static List<String> warm(String notificationId, Priority lane, Channel channel, List<String> usable,
                                     Map<String, HealthState> health, RoutingPolicy policy) {
        if (channel != Channel.EMAIL) return usable;
        return policy.emailWarmUp().order(notificationId, lane, usable, policy.providersOf(channel), health::get);
    }

    /**
     * The candidates after {@code chosen} that a failover could move to: allowed for the lane and not
     * entirely DOWN now. Channels before the chosen one were just found unusable or not allowed.
     */
    private static List<Channel> fallbacksAfter(int chosen, Priority lane, List<Channel> candidates,
                                                Boolean allowChannelFallback, Map<String, HealthState> health,
                                                RoutingPolicy policy) {
        List<Channel> later = new ArrayList<>();
        for (Channel channel : candidates.subList(chosen + 1, candidates.size())) {
            if (!policy.fallbackAllowed(lane, allowChannelFallback, channel)) continue;
            List<String> providers = policy.providersOf(channel);
            boolean allDown = providers.stream().allMatch(p -> health.get(p) == HealthState.DOWN);
            if (!providers.isEmpty() && !allDown) later.add(channel);
        }
        return List.copyOf(later);
    }

    private static String fallbackRule(Priority lane) {
        return switch (lane) {
            case CRITICAL -> CRITICAL_FALLBACK;
            case TRANSACTIONAL -> TRANSACTIONAL_FALLBACK;
            case BULK -> BULK_FALLBACK;
        };
    }
}
