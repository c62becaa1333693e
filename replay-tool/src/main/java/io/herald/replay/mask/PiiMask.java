package io.herald.replay.mask;

import io.herald.contracts.Recipient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks personal data before the replay tool prints it: enough stays visible to tell samples apart and
 * to recognise a domain or a country, not enough to identify anyone.
 */
public final class PiiMask {
    private PiiMask() {
    }

    /** {@code ada@example.com} → {@code a***@example.com}. */
    public static String email(String email) {
        if (email == null) return null;
        int at = email.lastIndexOf('@');
        if (at <= 0) return "***";
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code +14155550100} → {@code +1415***0100}: the country and area prefix and the last four digits. */
    public static String phone(String phone) {
        if (phone == null) return null;
        String p = phone.strip();
        if (p.length() < 9) return "***";
        return p.substring(0, 5) + "***" + p.substring(p.length() - 4);
    }

    /** A webhook URL keeps scheme and host only: {@code https://hooks.example.com/***}. */
    public static String url(String url) {
        if (url == null) return null;
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) return "***";
            return uri.getScheme() + "://" + uri.getHost() + "/***";
        } catch (IllegalArgumentException e) {
            return "***";
        }
    }

    /** The recipient's id and masked addresses, e.g. {@code u-1 a***@example.com +1415***0100}. */
    public static String recipient(Recipient recipient) {
        if (recipient == null) return "-";
        List<String> parts = new ArrayList<>();
        parts.add(recipient.getRecipientId());
        if (recipient.getEmail() != null) parts.add(email(recipient.getEmail()));
        if (recipient.getPhone() != null) parts.add(phone(recipient.getPhone()));
        if (recipient.getWebhookUrl() != null) parts.add(url(recipient.getWebhookUrl()));
        return String.join(" ", parts);
    }
}
