package io.herald.router.decision;

import io.herald.contracts.Channel;
import java.time.Instant;
import java.util.List;

/** The router's verdict on one notification at one moment. */
public sealed interface Decision {
    /** The rule that decided, for the outcome's decision context. */
    String rule();

    /** Past its expiry: never delivered. */
    record Expire(Instant expiresAt, String rule) implements Decision {
    }

    /** No consented, addressable channel left. */
    record Suppress(String detail, String rule) implements Decision {
    }

    /** Already delivered: do nothing more (replays and late failovers). */
    record Skip(String detail, String rule) implements Decision {
    }

    /** Wait on {@code channel}'s parked topic for a replay. */
    record Park(Channel channel, String reason, String rule) implements Decision {
    }

    /**
     * Deliver on {@code channel} via {@code providers} (best first), not before {@code notBefore} when set.
     * A {@code notBefore} still ahead (quiet hours) is not handed to a worker: the router defers the
     * notification and decides again at that time. {@code fallbackChannels}: where a failover could still go
     * if a worker exhausts {@code channel} (empty: nowhere, so the worker keeps retrying until expiry).
     */
    record Dispatch(Channel channel, List<String> providers, String rule, boolean fellBack, Instant notBefore,
                    Instant expiresAt, List<Channel> fallbackChannels) implements Decision {
        public Dispatch {
            providers = List.copyOf(providers);
            fallbackChannels = List.copyOf(fallbackChannels);
        }
    }
}
