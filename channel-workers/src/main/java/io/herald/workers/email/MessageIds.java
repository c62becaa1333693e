package io.herald.workers.email;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic {@code Message-ID}s: the same notification always gets the same id, so a resend after a
 * crash is recognisable as a duplicate by the receiving side and by reconciliation.
 */
public final class MessageIds {
    private MessageIds() {
    }

    /** {@code <uuid@domain>} derived from the notification id (name-based UUID, no PII). */
    public static String forNotification(String notificationId, String domain) {
        UUID id = UUID.nameUUIDFromBytes(("herald:" + notificationId).getBytes(StandardCharsets.UTF_8));
        return "<" + id + "@" + domain + ">";
    }
}
