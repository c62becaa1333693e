package io.herald.router.topology;

import java.util.List;

/**
 * What the request side tells the ledger about a notification it just decided: the request itself
 * (Avro binary, so failover and parking can rebuild it) and the decisions taken, as timeline entries.
 * Travels through the {@code ledger-intake} repartition topic keyed by notificationId, off the
 * routing latency path.
 *
 * @param request null when the request could not be kept (invalid requests)
 * @param channel channel dispatched to, parked on or deferred on, or null
 * @param deferredUntilMs when the request side deferred the notification for quiet hours instead of dispatching
 *                        it: the instant the ledger must route it again; null otherwise. The request side
 *                        cannot schedule it itself: the schedule lives with the ledger, on the
 *                        notification's partition.
 * @param dedupSeenMs when dedup let the request through, for one keyed by its own id (the ledger entry is then the
 *                    dedup proof); null otherwise
 * @param fingerprint ingest's body fingerprint of that request, kept with {@code dedupSeenMs}; null when unknown
 */
public record LedgerIntake(String tenantId, byte[] request, List<TimelineEntry> timeline, String channel,
                           Long deferredUntilMs, Long dedupSeenMs, String fingerprint) {
    /** An intake that proves nothing to dedup (invalid requests, duplicate lines, producer-chosen ids). */
    public LedgerIntake(String tenantId, byte[] request, List<TimelineEntry> timeline, String channel, Long deferredUntilMs) {
        this(tenantId, request, timeline, channel, deferredUntilMs, null, null);
    }
}
