package io.herald.router;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ledger merges the request topic itself (keyed by notificationId = NotificationIds.of(tenant, idempotencyKey):
 * dedup and ledger run in one task), the request intakes of producer-chosen ids (a repartition topic with the request
 * topic's partition count), the outcome topic and the replay topic, all keyed by notificationId: one notification's records must land on the
 * same partition number of each. With different partition counts they do not, and the ledger silently splits a
 * notification's state across tasks (a replay would not find the entry it must skip). Checked at start-up.
 */
public final class CoPartitioning {
    private CoPartitioning() {
    }

    /**
     * @param partitions partition count per topic; a topic missing from the map is not checked (not created yet)
     * @return empty when every count is equal, else a message naming every topic and its count
     */
    public static Optional<String> mismatch(Map<String, Integer> partitions) {
        if (partitions.values().stream().distinct().count() <= 1) return Optional.empty();
        String counts = new TreeMap<>(partitions).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return Optional.of("topics the ledger merges must have the same partition count: " + counts);
    }
}
