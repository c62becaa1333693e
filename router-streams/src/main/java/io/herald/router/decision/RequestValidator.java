package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.Content;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Recipient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Semantic checks the Avro schema cannot express. Pure: the same request always yields the same
 * violations, in field order, so the first one can name the field in the FAILED outcome.
 */
public final class RequestValidator {
    /** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** Deliberately simple: one @, a dotted domain, no whitespace; the SMTP server is the final judge. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    static final int MAX_ID = 200;
    static final int MAX_SUBJECT = 998;
    static final int MAX_TEXT = 100 * 1024;
    static final int MAX_HTML = 512 * 1024;
    static final int MAX_SMS = 1600;
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_EMAIL = 254;
    static final int MAX_URL = 2048;

    private RequestValidator() {
    }

    /** Every violation of {@code request}; empty when it may be routed. */
    public static List<Violation> validate(NotificationRequest request) {
        List<Violation> out = new ArrayList<>();
        id(out, "notificationId", request.getNotificationId());
        id(out, "tenantId", request.getTenantId());
        id(out, "idempotencyKey", request.getIdempotencyKey());
        if (request.getTenantId() != null && request.getTenantId().contains("/")) {
            // The request key is tenant/idempotencyKey: a slash in the tenant would make keys ambiguous.
            out.add(new Violation("tenantId", "must not contain '/'"));
        }
        recipient(out, request.getRecipient(), request.getChannels());
        if (request.getExpiresAt() != null && !request.getExpiresAt().isAfter(request.getCreatedAt())) {
            out.add(new Violation("expiresAt", "must be after createdAt"));
        }
        content(out, request.getContent());
        attributes(out, request.getAttributes());
        return List.copyOf(out);
    }

    private static void id(List<Violation> out, String field, String value) {
        if (value == null || value.isBlank()) out.add(new Violation(field, "must not be blank"));
        else if (value.length() > MAX_ID) out.add(new Violation(field, "longer than " + MAX_ID + " characters"));
    }

    private static void recipient(List<Violation> out, Recipient r, List<Channel> channels) {
        id(out, "recipient.recipientId", r.getRecipientId());
        if (channels.isEmpty()) {
            out.add(new Violation("channels", "must name at least one channel"));
        } else if (channels.stream().noneMatch(c -> Addresses.of(r, c) != null)) {
            out.add(new Violation("recipient", "no address for any requested channel " + channels));
        }
        String email = r.getEmail();
        if (email != null && (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches())) {
            out.add(new Violation("recipient.email", "not a valid email address"));
        }
        if (r.getPhone() != null && !E164.matcher(r.getPhone()).matches()) {
            out.add(new Violation("recipient.phone", "not an E.164 number (+ and 7-15 digits)"));
        }
        if (r.getWebhookUrl() != null && !validUrl(r.getWebhookUrl())) {
            out.add(new Violation("recipient.webhookUrl", "not an absolute http(s) URL"));
        }
        if (r.getTimezone() != null && !validZone(r.getTimezone())) {
            out.add(new Violation("recipient.timezone", "not an IANA timezone id"));
        }
    }

    private static void content(List<Violation> out, Content c) {
        String subject = c.getSubject();
        if (subject != null && (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0)) {
            // CR/LF in a subject is a header-injection vector in SMTP.
            out.add(new Violation("content.subject", "must not contain CR or LF"));
        }
        size(out, "content.subject", subject, MAX_SUBJECT);
        if (c.getText() == null || c.getText().isEmpty()) out.add(new Violation("content.text", "must not be empty"));
        size(out, "content.text", c.getText(), MAX_TEXT);
        size(out, "content.html", c.getHtml(), MAX_HTML);
        size(out, "content.smsText", c.getSmsText(), MAX_SMS);
    }

    private static void attributes(List<Violation> out, Map<String, String> attributes) {
        if (attributes != null && attributes.size() > MAX_ATTRIBUTES) {
            out.add(new Violation("attributes", "more than " + MAX_ATTRIBUTES + " entries"));
        }
    }

    private static void size(List<Violation> out, String field, String value, int maxBytes) {
        if (value != null && utf8LongerThan(value, maxBytes)) {
            out.add(new Violation(field, "larger than " + maxBytes + " bytes"));
        }
    }

    /**
     * Whether {@code s} takes more than {@code maxBytes} in UTF-8. A char takes one to three bytes (a surrogate pair
     * four for its two chars), so only a string between a third of the bound and the bound is encoded to count it:
     * encoding every body showed in the routing path's profile.
     */
    static boolean utf8LongerThan(String s, int maxBytes) {
        if (s.length() > maxBytes) return true;
        if ((long) s.length() * 3 <= maxBytes) return false;
        return s.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }

    private static boolean validUrl(String url) {
        if (url.length() > MAX_URL) return false;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean validZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
