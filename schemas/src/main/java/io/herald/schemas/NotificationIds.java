package io.herald.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The notification id is a function of what identifies a request: its tenant and idempotency key.
 *
 * <p>Why deterministic: a retried request gets the same id on any ingest instance without asking anyone, and the
 * request topic can be keyed by the id itself, so the router's dedup check and ledger share one key and one task
 * (no repartition between them). A name-based (version 3) UUID of {@code herald/<tenant>/<idempotencyKey>}: the
 * prefix keeps Herald's ids apart from other name-based UUIDs of the same strings, and tenant ids cannot contain
 * {@code /} (ingest validates them as slugs), so two different pairs never share a name.
 */
public final class NotificationIds {
    private NotificationIds() {
    }

    /** The id of the notification {@code tenantId} submits under {@code idempotencyKey}. */
    public static String of(String tenantId, String idempotencyKey) {
        if (tenantId == null || tenantId.isEmpty()) throw new IllegalArgumentException("tenantId is required");
        if (idempotencyKey == null || idempotencyKey.isEmpty()) throw new IllegalArgumentException("idempotencyKey is required");
        return UUID.nameUUIDFromBytes(("herald/" + tenantId + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether {@code notificationId} is the deterministic id of this tenant and key (a request written the current way). */
    public static boolean matches(String notificationId, String tenantId, String idempotencyKey) {
        if (notificationId == null || tenantId == null || tenantId.isEmpty() || idempotencyKey == null || idempotencyKey.isEmpty()) return false;
        return notificationId.equals(of(tenantId, idempotencyKey));
    }
}
