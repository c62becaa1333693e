package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.RecipientPreference;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Everything besides the request that a routing decision depends on.
 *
 * @param preference       the recipient's preferences, or null when none are known
 * @param health           providerId → state as seen now (missing = HEALTHY)
 * @param exhausted        channels already given up on for this notification
 * @param exhaustedChannel the channel whose exhaustion triggered this decision, or null for a first routing/replay
 * @param released         a parked notification released by a (health-gated) replay: a HALF_OPEN destination takes
 *                         it, since the released waves are that destination's recovery traffic
 */
public record Situation(Instant now, RecipientPreference preference, Map<String, HealthState> health, Pauses pauses,
                        Set<Channel> exhausted, Channel exhaustedChannel, boolean released) {
    public Situation {
        health = Map.copyOf(health);
        exhausted = Set.copyOf(exhausted);
    }

    public Situation(Instant now, RecipientPreference preference, Map<String, HealthState> health, Pauses pauses,
                     Set<Channel> exhausted, Channel exhaustedChannel) {
        this(now, preference, health, pauses, exhausted, exhaustedChannel, false);
    }

    /** A replayed notification: a first routing, released from its parked topic. */
    public static Situation released(Instant now, RecipientPreference preference, Map<String, HealthState> health,
                                     Pauses pauses) {
        return new Situation(now, preference, health, pauses, Set.of(), null, true);
    }

    /** A first routing (or a replay): nothing exhausted yet. */
    public static Situation fresh(Instant now, RecipientPreference preference, Map<String, HealthState> health,
                                  Pauses pauses) {
        return new Situation(now, preference, health, pauses, Set.of(), null);
    }

    public boolean isFailover() {
        return exhaustedChannel != null;
    }
}
