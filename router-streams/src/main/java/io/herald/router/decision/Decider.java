package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.policy.destination.Destinations;
import java.util.ArrayList;
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
    public static final String RULE_DESTINATION_DOWN = "destination-down";
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
        if (candidates.isEmpty()) return exhaustedPark(request, situation);

        if (situation.pauses().tenantPaused(request.getTenantId())) {
            return new Decision.Park(parkChannel(situation, candidates), PAUSED, RULE_TENANT_PAUSED);
        }
        Route route = ChannelChooser.choose(request.getNotificationId(), request.getPriority(), candidates,
                !situation.isFailover(), request.getAllowChannelFallback(), situation.health(), routing);
        String destination = null;
        String blockedDestination = null;
        Channel blockedChannel = null;
        List<Channel> remaining = candidates;
        // A recipient whose destination is down is not helped by another provider of the same channel: critical
        // traffic moves on to the next consented channel, everything else waits for that destination.
        while (route instanceof Route.Dispatch d) {
            String candidate = RecipientDestination.of(request.getRecipient(), d.channel(), routing.destinations());
            if (!RecipientDestination.blocked(request.getNotificationId(), candidate, situation.health(),
                    routing.halfOpenTricklePercent(), situation.released())) {
                destination = candidate;
                break;
            }
            if (blockedDestination == null) {
                blockedDestination = candidate;
                blockedChannel = d.channel();
            }
            remaining = without(remaining, d.channel());
            if (request.getPriority() != Priority.CRITICAL || remaining.isEmpty()) {
                route = null;
                break;
            }
            route = ChannelChooser.choose(request.getNotificationId(), request.getPriority(), remaining, false,
                    request.getAllowChannelFallback(), situation.health(), routing);
        }
        if (blockedDestination != null && !(route instanceof Route.Dispatch)) {
            return new Decision.Park(blockedChannel, Destinations.downReason(blockedDestination), RULE_DESTINATION_DOWN,
                    blockedDestination);
        }
        if (route instanceof Route.Park park) {
            // After an exhausted channel the notification waits on that channel, with the worker's reason.
            return situation.isFailover() ? exhaustedPark(request, situation) : new Decision.Park(park.channel(), park.reason(), park.rule());
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
                quietUntil.orElse(null), expiresAt, dispatch.fallbackChannels(), destination);
    }

    /**
     * Where a notification waits after its channel was exhausted with no fallback left: with its destination's backlog
     * while that destination is DOWN (a message that sat on a retry tier when the destination went down comes back
     * here), so that destination's recovery releases it; otherwise on the channel, with the worker's reason.
     */
    private Decision.Park exhaustedPark(NotificationRequest request, Situation situation) {
        Channel channel = situation.exhaustedChannel();
        String destination = RecipientDestination.of(request.getRecipient(), channel, routing.destinations());
        if (destination != null && situation.health().get(Destinations.healthKey(destination)) == HealthState.DOWN) {
            return new Decision.Park(channel, Destinations.downReason(destination), RULE_DESTINATION_DOWN, destination);
        }
        return new Decision.Park(channel, CHANNEL_EXHAUSTED, RULE_NO_FALLBACK);
    }

    private static List<Channel> without(List<Channel> channels, Channel gone) {
        List<Channel> out = new ArrayList<>(channels);
        out.remove(gone);
        return List.copyOf(out);
    }

    private static Channel parkChannel(Situation situation, List<Channel> candidates) {
        return situation.isFailover() ? situation.exhaustedChannel() : candidates.get(0);
    }
}
