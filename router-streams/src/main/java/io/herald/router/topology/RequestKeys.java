package io.herald.router.topology;

import io.herald.contracts.NotificationRequest;
import io.herald.schemas.NotificationIds;

/**
 * How a request on {@code notify.request.v1} is keyed, and the key the router deduplicates it by. Pure.
 *
 * <p>Current contract: the record key is the notificationId, and the notificationId is
 * {@link NotificationIds#of}(tenant, idempotencyKey). Such a request is already on the partition its ledger entry
 * lives on (request, outcome and replay topics are co-partitioned), so dedup and ledger run in one task.
 *
 * <p>Anything else is <em>legacy</em>: keyed {@code tenant/idempotencyKey} (ingest before issue 13), or carrying a
 * producer-chosen notificationId (direct Avro producers). It is re-keyed by {@link #dedupKey} and goes through the
 * {@code request-rekey} repartition first. Both forms share one dedup key, the deterministic id of
 * tenant/idempotencyKey, so an old-keyed and a new-keyed copy of the same key are duplicates of each other.
 */
final class RequestKeys {
    private RequestKeys() {
    }

    /** Whether the record is keyed the current way: key = notificationId = the deterministic id of tenant/key. */
    static boolean current(String recordKey, NotificationRequest request) {
        return recordKey != null && recordKey.equals(request.getNotificationId())
                && NotificationIds.matches(request.getNotificationId(), request.getTenantId(), request.getIdempotencyKey());
    }

    /** What the router deduplicates a (valid) request by: the deterministic id of its tenant and idempotency key. */
    static String dedupKey(NotificationRequest request) {
        return NotificationIds.of(request.getTenantId(), request.getIdempotencyKey());
    }
}
