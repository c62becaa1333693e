package io.herald.compose.drill;

import io.herald.contracts.Priority;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The lane mix of a drill's load, e.g. {@code critical=10,transactional=30,bulk=60} (weights, not
 * necessarily summing to 100). {@link #sequence()} spreads the lanes evenly over the sequence, so any
 * window of the load carries the mix, not a burst of one lane.
 */
public record Mix(Map<Priority, Integer> weights) {
    public Mix {
        weights = Map.copyOf(new EnumMap<>(weights));
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("--mix needs at least one positive weight");
        }
    }

    /** Parses {@code critical=10,transactional=30,bulk=60}; fails naming the bad part. */
    public static Mix parse(String text) {
        Map<Priority, Integer> weights = new EnumMap<>(Priority.class);
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            String[] kv = part.split("=", 2);
            Priority lane;
            int weight;
            try {
                lane = Priority.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mix: '" + kv[0].trim() + "' is not a lane (critical, transactional, bulk)");
            }
            try {
                weight = Integer.parseInt(kv.length < 2 ? "" : kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix: the weight of " + kv[0].trim() + " must be a whole number, as in critical=10");
            }
            if (weight < 0) throw new IllegalArgumentException("--mix: the weight of " + kv[0].trim() + " must not be negative");
            weights.put(lane, weight);
        }
        return new Mix(weights);
    }

    /**
     * The lanes of the load in order, by smooth weighted round robin: each lane gets its share in every
     * window, interleaved (10/30/60 gives bulk, transactional, bulk, critical, bulk, ...), not in bursts.
     */
    public Iterator<Priority> sequence() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<Priority, Integer> current = new EnumMap<>(Priority.class);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Priority next() {
                Priority best = null;
                for (Priority lane : Priority.values()) {
                    int w = weights.getOrDefault(lane, 0);
                    if (w == 0) continue;
                    int c = current.merge(lane, w, Integer::sum);
                    if (best == null || c > current.get(best)) best = lane;
                }
                current.merge(best, -total, Integer::sum);
                return best;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Priority lane : Priority.values()) {
            if (!weights.containsKey(lane)) continue;
            if (out.length() > 0) out.append(',');
            out.append(lane.name().toLowerCase(Locale.ROOT)).append('=').append(weights.get(lane));
        }
        return out.toString();
    }
}
