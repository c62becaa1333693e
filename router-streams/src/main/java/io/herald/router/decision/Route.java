package io.herald.router.decision;

import io.herald.contracts.Channel;
import java.util.List;

/** A channel choice: dispatch on a channel to an ordered provider list, or park on a channel until replay. */
public sealed interface Route {
    /** The rule that decided, recorded in the outcome's decision context. */
    String rule();

    /** The channel dispatched to or parked on. */
    Channel channel();

    /**
     * Deliver on {@code channel}; {@code providers} are usable ones, best first (the first is the hint);
     * {@code fallbackChannels} are the channels a failover could still move to, in order.
     */
    record Dispatch(Channel channel, List<String> providers, String rule, boolean fellBack,
                    List<Channel> fallbackChannels) implements Route {
        public Dispatch {
            providers = List.copyOf(providers);
            fallbackChannels = List.copyOf(fallbackChannels);
            if (providers.isEmpty()) throw new IllegalArgumentException("a dispatch needs at least one provider");
        }
    }

    /** Wait on {@code channel}'s parked topic; {@code reason} is the ParkedNotification reason. */
    record Park(Channel channel, String reason, String rule) implements Route {
    }
}
