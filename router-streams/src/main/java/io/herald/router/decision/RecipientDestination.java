package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.Recipient;
import io.herald.policy.choice.ProviderChoice;
import io.herald.policy.destination.DestinationOverrides;
import io.herald.policy.destination.DestinationResolver;
import io.herald.policy.destination.Destinations;
import java.util.Map;

/**
 * The destination of a recipient on a channel, and whether it may take a notification now. Pure: the
 * router never resolves MX records on its stream thread. An email recipient's destination is the one
 * ingest resolved (carried on the request), else the configured override for the domain, else the domain;
 * a webhook's is {@code webhook:<host>}; SMS has none (the carrier network is the provider's business).
 */
public final class RecipientDestination {
    private RecipientDestination() {
    }

    /** The destination of {@code recipient} on {@code channel}, or null when the channel has none. */
    public static String of(Recipient recipient, Channel channel, DestinationOverrides overrides) {
        return switch (channel) {
            case EMAIL -> recipient.getEmailDestination() != null ? recipient.getEmailDestination()
                    : DestinationResolver.offline(overrides).resolve(recipient.getEmail());
            case WEBHOOK -> Destinations.ofWebhook(recipient.getWebhookUrl());
            default -> null;
        };
    }

    /**
     * Whether a destination keeps this notification away: DOWN always; HALF_OPEN except for its recovery
     * traffic, which is the trickle of new notifications (the same deterministic share by notification id as a
     * half-open provider's) and what the automatic replayer releases in waves ({@code released}). Nobody probes
     * a destination, so without the released waves a destination whose traffic is all parked would never see
     * the K deliveries that end HALF_OPEN. A destination with no published health is HEALTHY.
     */
    public static boolean blocked(String notificationId, String destination, Map<String, HealthState> health,
                                  int halfOpenTricklePercent, boolean released) {
        if (destination == null) return false;
        HealthState state = health.get(Destinations.healthKey(destination));
        if (state == HealthState.DOWN) return true;
        return state == HealthState.HALF_OPEN && !released && !ProviderChoice.inTrickle(notificationId, halfOpenTricklePercent);
    }
}
