package io.herald.policy.choice;

import io.herald.contracts.HealthState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The one rule that decides which of a channel's providers may take a message, and in which order. The
 * router calls it to choose a route; the workers call it again at delivery time with their own (fresher)
 * view of the same health topic, so both sides agree by construction. Pure.
 *
 * <ul>
 *   <li>DOWN providers never take traffic.</li>
 *   <li>A HALF_OPEN provider takes only its recovery trickle: a deterministic share of notifications by id
 *       hash, so a replayed or failed-over notification falls in the same bucket on every stage. For that
 *       share it comes <em>first</em>: a probe tried after a healthy provider would never happen, and the
 *       provider would stay half-open for ever.</li>
 *   <li>Then HEALTHY before DEGRADED. Within a state the order is the router's (its hint first), then the
 *       channel's configured failover order.</li>
 * </ul>
 */
public final class ProviderChoice {
    private ProviderChoice() {
    }

    /**
     * @param notificationId         seeds the half-open trickle
     * @param configured             the channel's providers in configured failover order
     * @param preferred              an order to try first (the router's list, hint first); empty when none.
     *                               Providers not configured here are ignored.
     * @param health                 provider id → state; null means HEALTHY (never heard of)
     * @param halfOpenTricklePercent share of notifications, 0–100, a HALF_OPEN provider takes
     */
    public static Choice choose(String notificationId, List<String> configured, List<String> preferred,
                                Function<String, HealthState> health, int halfOpenTricklePercent) {
        Objects.requireNonNull(notificationId, "notificationId");
        if (halfOpenTricklePercent < 0 || halfOpenTricklePercent > 100) {
            throw new IllegalArgumentException("halfOpenTricklePercent must be in 0..100, was " + halfOpenTricklePercent);
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (String p : preferred) if (configured.contains(p)) candidates.add(p);
        candidates.addAll(configured);

        List<String> probing = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        int down = 0;
        int halfOpenWaiting = 0;
        for (String provider : candidates) {
            HealthState state = health.apply(provider);
            switch (state == null ? HealthState.HEALTHY : state) {
                case DOWN -> down++;
                case HALF_OPEN -> {
                    if (inTrickle(notificationId, halfOpenTricklePercent)) probing.add(provider);
                    else halfOpenWaiting++;
                }
                case HEALTHY -> healthy.add(provider);
                case DEGRADED -> degraded.add(provider);
            }
        }
        List<String> usable = new ArrayList<>(probing);
        usable.addAll(healthy);
        usable.addAll(degraded);
        boolean allDown = !candidates.isEmpty() && down == candidates.size();
        return new Choice(List.copyOf(usable), allDown, halfOpenWaiting > 0);
    }

    /** Deterministic by id, so every stage and every replay of a notification agrees on its bucket. */
    public static boolean inTrickle(String notificationId, int percent) {
        return Math.floorMod(notificationId.hashCode(), 100) < percent;
    }

    /**
     * @param usable          providers to try now, in order (empty: none may take it now)
     * @param allDown         every candidate is DOWN: the channel is unusable for everyone
     * @param halfOpenWaiting some candidate is HALF_OPEN but this notification is outside its trickle
     */
    public record Choice(List<String> usable, boolean allDown, boolean halfOpenWaiting) {
        public Choice {
            usable = List.copyOf(usable);
        }

        public boolean any() {
            return !usable.isEmpty();
        }
    }
}
