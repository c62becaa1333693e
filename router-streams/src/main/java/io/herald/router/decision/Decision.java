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

    /**
     * Wait on {@code channel}'s parked topic for a replay; {@code destination} is set when the recipient's
     * destination is down (reason {@code destination-down:<name>}), so its backlog is released per destination.
     */
    record Park(Channel channel, String reason, String rule, String destination) implements Decision {
        public Park(Channel channel, String reason, String rule) {
            this(channel, reason, rule, null);
        }
    }

    /**
     * Deliver on {@code channel} via {@code providers} (best first), not before {@code notBefore} when set.
     * A {@code notBefore} still ahead (quiet hours) is not handed to a worker: the router defers the
     * notification and decides again at that time. {@code fallbackChannels}: where a failover could still go
     * if a worker exhausts {@code channel} (empty: nowhere, so the worker keeps retrying until expiry).
     * {@code destination}: where the recipient's messages land on {@code channel} (null for SMS), carried on
     * the command so outcomes can be counted against it.
     */
    record Dispatch(Channel channel, List<String> providers, String rule, boolean fellBack, Instant notBefore,
                    Instant expiresAt, List<Channel> fallbackChannels, String destination) implements Decision {
        public Dispatch {
            providers = List.copyOf(providers);
            fallbackChannels = List.copyOf(fallbackChannels);
        }

        public Dispatch(Channel channel, List<String> providers, String rule, boolean fellBack, Instant notBefore,
                        Instant expiresAt, List<Channel> fallbackChannels) {
            this(channel, providers, rule, fellBack, notBefore, expiresAt, fallbackChannels, null);
        }
    }
}
