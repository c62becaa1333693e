package io.herald.router.health;

import io.herald.contracts.Channel;

/**
 * Whom one attempt's signal speaks about: its provider, its recipient's destination, or both. Pure.
 *
 * <p>A delivery (or a permanent answer: the far end spoke) proves both the provider and the destination
 * alive, so it counts for both. A failure counts for one of them only, never both: counted twice, a provider
 * outage would take every destination down with it, and a destination outage the provider.
 * <ul>
 *   <li>A webhook endpoint that fails (DNS, refused, timeouts, 5xx) is that endpoint's problem: the shared
 *       {@code webhook} "provider" is only Herald's HTTP client, which one tenant's dead host says nothing about.</li>
 *   <li>An email failure is the destination's when the same provider is delivering to other destinations
 *       within the window, more recently than it failed any of them (the Exchange Online pattern: 451 4.3.2 for
 *       its recipients while everyone else's mail flows).</li>
 *   <li>A provider that saw only this destination lately proves nothing either way (a message retried on the
 *       secondary after the primary deferred it): then the channel decides, by the same test over all its
 *       providers. Otherwise (it fails for others too, or nothing else went anywhere) it is the provider's.</li>
 * </ul>
 */
public final class Blame {
    private Blame() {
    }

    /** Who a signal counts for. */
    public enum Target { PROVIDER, DESTINATION, BOTH }

    public static Target of(Channel channel, Signal signal, String destination, Attribution provider,
                            Attribution wholeChannel, long atMs, long windowMs) {
        if (destination == null || signal.isProbe()) return Target.PROVIDER;
        if (signal == Signal.SUCCESS || signal == Signal.PERMANENT) return Target.BOTH;
        if (channel == Channel.WEBHOOK) return Target.DESTINATION;
        long since = atMs - windowMs;
        long deliveredOther = provider.lastDeliveredOtherThan(destination);
        long failedOther = provider.lastFailedOtherThan(destination);
        if (deliveredOther >= since && deliveredOther >= failedOther) return Target.DESTINATION;
        if (failedOther >= since) return Target.PROVIDER;
        long channelDelivered = wholeChannel.lastDeliveredOtherThan(destination);
        long channelFailed = wholeChannel.lastFailedOtherThan(destination);
        return channelDelivered >= since && channelDelivered >= channelFailed ? Target.DESTINATION : Target.PROVIDER;
    }
}
