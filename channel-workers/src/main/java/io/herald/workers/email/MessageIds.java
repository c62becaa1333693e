package io.herald.workers.email;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
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

    /**
     * What identifies the notification in a {@code Message-ID}, whatever domain the sender used: the part
     * between {@code <} and {@code @}. Reconciliation matches received mail to notifications by it.
     */
    public static String localPart(String messageId) {
        String s = messageId.trim().replaceAll("^<|>$", "");
        int at = s.indexOf('@');
        return (at < 0 ? s : s.substring(0, at)).toLowerCase(Locale.ROOT);
    }
}
