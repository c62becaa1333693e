package io.herald.router.topology;

import java.util.List;

/**
 * What the request side tells the ledger about a notification it just decided: the request itself
 * (Avro binary, so failover and parking can rebuild it) and the decisions taken, as timeline entries.
 * Travels through the {@code ledger-intake} repartition topic keyed by notificationId, off the
 * routing latency path.
 *
 * @param request null when the request could not be kept (invalid requests)
 * @param channel channel dispatched to or parked on, or null
 */
public record LedgerIntake(String tenantId, byte[] request, List<TimelineEntry> timeline, String channel) {
}
