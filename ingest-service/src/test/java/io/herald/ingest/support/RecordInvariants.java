package io.herald.ingest.support;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What must hold for every request on the topic, checked independently of the validator's code:
 * a second opinion, so a validator bug cannot hide behind itself.
 */
public final class RecordInvariants {
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

    private RecordInvariants() {
    }

    /** The broken invariants of {@code r}; empty when the record is sound. */
    public static List<String> violations(NotificationRequest r) {
        List<String> broken = new ArrayList<>();
        if (r.getNotificationId() == null || r.getNotificationId().length() != 36) broken.add("notificationId");
        if (r.getPriority() == null) broken.add("priority");
        if (r.getChannels().isEmpty()) broken.add("channels");
        var rec = r.getRecipient();
        if (rec.getPhone() != null && !E164.matcher(rec.getPhone()).matches()) broken.add("phone");
        if (rec.getEmail() != null && (!rec.getEmail().contains("@") || rec.getEmail().chars().anyMatch(Character::isWhitespace))) {
            broken.add("email");
        }
        boolean reachable = r.getChannels().stream().anyMatch(c -> c == Channel.EMAIL ? rec.getEmail() != null
                : c == Channel.SMS ? rec.getPhone() != null : rec.getWebhookUrl() != null);
        if (!reachable) broken.add("no reachable channel");
        String subject = r.getContent().getSubject();
        if (subject != null && CONTROL.matcher(subject).find()) broken.add("subject control/CRLF");
        String text = r.getContent().getText();
        if (text == null || text.isBlank() || text.length() > 65_536) broken.add("text");
        if (text != null && text.replaceAll("[\\r\\n\\t]", "").chars().anyMatch(c -> Character.isISOControl(c))) broken.add("text control");
        if (r.getExpiresAt() != null && !r.getExpiresAt().isAfter(r.getCreatedAt())) broken.add("expiresAt");
        if (!r.getCategory().matches("[a-z0-9][a-z0-9._-]{0,63}")) broken.add("category");
        return broken;
    }
}
