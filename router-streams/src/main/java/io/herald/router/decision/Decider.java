package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The whole routing decision as one pure function: expiry, consent, operator pauses, channel and
 * provider choice from health, and quiet hours, in that order. Used for first routing, for replays
 * and for failover after a worker reported a channel exhausted.
 */
public final class Decider {
    public static final String RULE_EXPIRED = "expired";
    public static final String RULE_QUIET_OUTLASTS_EXPIRY = "quiet-hours-outlast-expiry";
    public static final String RULE_OPTED_OUT = "consent-opted-out";
    public static final String RULE_NO_ADDRESS = "no-consented-address";
    public static final String RULE_TENANT_PAUSED = "operator-pause-tenant";
    public static final String RULE_LANE_PAUSED = "operator-pause-lane";
    public static final String RULE_NO_FALLBACK = "no-allowed-fallback";
    public static final String RULE_QUIET_HOURS = "quiet-hours-deferred";
    public static final String PAUSED = "paused";
    public static final String CHANNEL_EXHAUSTED = "channel-exhausted";

    private final RoutingPolicy routing;
    private final ExpiryPolicy expiry;

    public Decider(RoutingPolicy routing, ExpiryPolicy expiry) {
        this.routing = routing;
        this.expiry = expiry;
    }

    public ExpiryPolicy expiry() {
        return expiry;
    }

    public RoutingPolicy routing() {
        return routing;
    }

    /** What to do with {@code request} in {@code situation}. */
    public Decision decide(NotificationRequest request, Situation situation) {
        Instant expiresAt = expiry.expiresAt(request);
        Instant now = situation.now();
        // Checked first, and again at failover and replay: a late one-time code is worse than none.
        if (!now.isBefore(expiresAt)) return new Decision.Expire(expiresAt, RULE_EXPIRED);

        List<Channel> consented = ConsentFilter.allowed(request.getChannels(), request.getCategory(), situation.preference());
        if (consented.isEmpty()) return new Decision.Suppress("opted-out of " + request.getChannels(), RULE_OPTED_OUT);
        List<Channel> addressable = consented.stream().filter(c -> Addresses.of(request.getRecipient(), c) != null).toList();
        if (addressable.isEmpty()) return new Decision.Suppress("no address for consented " + consented, RULE_NO_ADDRESS);
        List<Channel> candidates = addressable.stream().filter(c -> !situation.exhausted().contains(c)).toList();
        if (candidates.isEmpty()) {
            return new Decision.Park(situation.exhaustedChannel(), CHANNEL_EXHAUSTED, RULE_NO_FALLBACK);
        }

        if (situation.pauses().tenantPaused(request.getTenantId())) {
            return new Decision.Park(parkChannel(situation, candidates), PAUSED, RULE_TENANT_PAUSED);
        }
        Route route = ChannelChooser.choose(request.getNotificationId(), request.getPriority(), candidates,
                !situation.isFailover(), request.getAllowChannelFallback(), situation.health(), routing);
        if (route instanceof Route.Park park) {
            // After an exhausted channel the notification waits on that channel, with the worker's reason.
            return situation.isFailover()
                    ? new Decision.Park(situation.exhaustedChannel(), CHANNEL_EXHAUSTED, RULE_NO_FALLBACK)
                    : new Decision.Park(park.channel(), park.reason(), park.rule());
        }
        Route.Dispatch dispatch = (Route.Dispatch) route;
        if (situation.pauses().lanePaused(dispatch.channel(), request.getPriority())) {
            return new Decision.Park(dispatch.channel(), PAUSED, RULE_LANE_PAUSED);
        }
        Optional<Instant> quietUntil = QuietHoursRule.deferUntil(situation.preference(),
                request.getRecipient().getTimezone(), request.getPriority(), now);
        if (quietUntil.isPresent() && !quietUntil.get().isBefore(expiresAt)) {
            return new Decision.Expire(expiresAt, RULE_QUIET_OUTLASTS_EXPIRY);
        }
        return new Decision.Dispatch(dispatch.channel(), dispatch.providers(),
                quietUntil.isPresent() ? RULE_QUIET_HOURS : dispatch.rule(), dispatch.fellBack(),
                quietUntil.orElse(null), expiresAt, dispatch.fallbackChannels());
    }

    private static Channel parkChannel(Situation situation, List<Channel> candidates) {
        return situation.isFailover() ? situation.exhaustedChannel() : candidates.get(0);
    }
}
