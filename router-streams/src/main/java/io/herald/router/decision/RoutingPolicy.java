package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.policy.choice.WarmUp;
import io.herald.policy.destination.DestinationOverrides;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the channel chooser needs to know about the world besides health: the ordered providers of
 * each channel, which channels cost money per message (bulk never moves onto those), and the share of
 * traffic a HALF_OPEN provider (or destination) receives as its recovery trickle, and the configured
 * domain → destination assignments used when a request does not carry its recipient's destination, and the
 * share of transactional and bulk email that keeps the secondary provider warm.
 */
public record RoutingPolicy(Map<Channel, List<String>> providers, Set<Channel> paidChannels, int halfOpenTricklePercent,
                            DestinationOverrides destinations, WarmUp emailWarmUp) {
    public static final RoutingPolicy DEFAULT = new RoutingPolicy(Map.of(
            Channel.EMAIL, List.of("smtp-primary", "smtp-secondary"),
            Channel.SMS, List.of("twilio"),
            Channel.WEBHOOK, List.of("webhook")), Set.of(Channel.SMS), 10);

    /** A policy without destination overrides (every email domain is its own destination unless ingest resolved it). */
    public RoutingPolicy(Map<Channel, List<String>> providers, Set<Channel> paidChannels, int halfOpenTricklePercent) {
        this(providers, paidChannels, halfOpenTricklePercent, DestinationOverrides.NONE, WarmUp.NONE);
    }

    public RoutingPolicy(Map<Channel, List<String>> providers, Set<Channel> paidChannels, int halfOpenTricklePercent,
                         DestinationOverrides destinations) {
        this(providers, paidChannels, halfOpenTricklePercent, destinations, WarmUp.NONE);
    }

    public RoutingPolicy {
        if (halfOpenTricklePercent < 0 || halfOpenTricklePercent > 100) {
            throw new IllegalArgumentException("halfOpenTricklePercent must be 0..100: " + halfOpenTricklePercent);
        }
        Map<Channel, List<String>> copy = new EnumMap<>(Channel.class);
        providers.forEach((c, ids) -> copy.put(c, List.copyOf(ids)));
        providers = Map.copyOf(copy);
        paidChannels = paidChannels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(paidChannels));
        if (destinations == null) destinations = DestinationOverrides.NONE;
        if (emailWarmUp == null) emailWarmUp = WarmUp.NONE;
    }

    /** Providers of {@code channel} in preference order; empty when none is configured. */
    public List<String> providersOf(Channel channel) {
        return providers.getOrDefault(channel, List.of());
    }

    /** The channel a provider serves, or null when the provider is unknown. */
    public Channel channelOf(String providerId) {
        for (Map.Entry<Channel, List<String>> e : providers.entrySet()) {
            if (e.getValue().contains(providerId)) return e.getKey();
        }
        return null;
    }

    /** May {@code lane} move to {@code target} when its preferred channel cannot be used? */
    public boolean fallbackAllowed(Priority lane, Boolean allowChannelFallback, Channel target) {
        return switch (lane) {
            // Critical traffic (OTP, incidents) must arrive somewhere unless the producer forbids moving it.
            case CRITICAL -> !Boolean.FALSE.equals(allowChannelFallback);
            // Transactional moves only with the producer's explicit consent (channel may carry legal weight).
            case TRANSACTIONAL -> Boolean.TRUE.equals(allowChannelFallback);
            // Bulk never moves onto a paid channel: a newsletter is not worth an SMS bill; it waits instead.
            case BULK -> !Boolean.FALSE.equals(allowChannelFallback) && !paidChannels.contains(target);
        };
    }
}
