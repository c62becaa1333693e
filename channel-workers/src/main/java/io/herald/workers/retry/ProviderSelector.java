package io.herald.workers.retry;

import io.herald.contracts.HealthState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Chooses, for one message, which of the channel's providers to try and in which order. Pure.
 *
 * <p>Order: the router's hint, then the router's list, then the rest of this worker's configured
 * providers (the router may know fewer providers than the worker). Providers this worker does not
 * run are dropped. DOWN providers are skipped; HALF_OPEN ones get only a trickle (the router needs a
 * few probes to close the circuit), admitted by {@code trickle}.
 */
public final class ProviderSelector {
    private ProviderSelector() {
    }

    /** Candidate order for a message. */
    public static List<String> order(List<String> configured, List<String> routed, String hint) {
        Set<String> order = new LinkedHashSet<>();
        if (hint != null && configured.contains(hint)) order.add(hint);
        for (String p : routed) if (configured.contains(p)) order.add(p);
        order.addAll(configured);
        return List.copyOf(order);
    }

    /** Which candidates may be tried now, given their health and the half-open trickle. */
    public static Selection select(List<String> candidates, Function<String, HealthState> health, Predicate<String> trickle) {
        List<String> usable = new ArrayList<>();
        List<String> halfOpen = new ArrayList<>();
        int down = 0;
        for (String provider : candidates) {
            HealthState state = health.apply(provider);
            if (state == HealthState.DOWN) {
                down++;
            } else if (state == HealthState.HALF_OPEN) {
                halfOpen.add(provider);
            } else {
                usable.add(provider);
            }
        }
        // Half-open providers go last: healthy ones should carry the load while the probe runs.
        for (String provider : halfOpen) if (trickle.test(provider)) usable.add(provider);
        return new Selection(List.copyOf(usable), !candidates.isEmpty() && down == candidates.size());
    }

    /**
     * @param usable  providers to try now, in order
     * @param allDown true when every candidate is DOWN: the channel is exhausted at once
     */
    public record Selection(List<String> usable, boolean allDown) {
    }
}
