package io.herald.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.validation.NotificationInput.Content;
import io.herald.ingest.validation.NotificationInput.Recipient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a notification body: strict binding (unknown members, wrong types, enum symbols, sizes)
 * and then the semantic rules (an address for a requested channel, E.164, email syntax, expiry in
 * the future, single-line subject). Pure: the clock is a parameter. Every invalid field is reported
 * with its JSON pointer in one 422; a body that is not JSON at all is a 400.
 */
public final class NotificationValidator {
    public static final Set<String> TOP = Set.of("priority", "category", "recipient", "channels", "content",
            "expiresAt", "attributes", "allowChannelFallback");
    public static final Set<String> RECIPIENT = Set.of("id", "email", "phone", "webhookUrl", "locale", "timezone");
    public static final Set<String> CONTENT = Set.of("subject", "text", "html", "sms");
    /** Beyond this the notification is surely a mistake (and millis would overflow for absurd years). */
    public static final Duration MAX_EXPIRY = Duration.ofDays(30);
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_TEXT = 32_768;
    public static final int MAX_HTML = 131_072;
    public static final int MAX_SMS = 1_600;
    public static final int MAX_SUBJECT = 255;

    private NotificationValidator() {
    }

    /** Parses and validates raw bytes. */
    public static Validation<NotificationInput> validate(byte[] body, Instant now) {
        return validate(JsonBody.parse(body), now);
    }

    /** Validates an already parsed body (batch items). */
    public static Validation<NotificationInput> validate(JsonNode body, Instant now) {
        Errors errors = new Errors();
        NotificationInput input = bind(body, "", errors, now);
        if (!errors.isEmpty()) return new Validation.Invalid<>(Problems.invalid(errors.list()));
        return new Validation.Valid<>(input, Fingerprint.of(body));
    }

    /** Binds one notification object at {@code pointer}, reporting into {@code errors}; null when invalid. */
    public static NotificationInput bind(JsonNode body, String pointer, Errors errors, Instant now) {
        ObjectView top = ObjectView.of(body, pointer, errors, true, TOP);
        Priority priority = top.symbol("priority", true, Priority.class);
        String category = top.text("category", true, 64, Text::slug);
        Recipient recipient = recipient(top.object("recipient", true, RECIPIENT));
        List<Channel> channels = channels(top, errors);
        Content content = content(top.object("content", true, CONTENT));
        Instant expiresAt = expiry(top, now);
        Map<String, String> attributes = attributes(top, errors);
        Boolean fallback = top.bool("allowChannelFallback");
        if (recipient != null && !channels.isEmpty() && channels.stream().noneMatch(recipient::reachableOn)) {
            errors.add(top.pointer("recipient"), "has no address for any requested channel " + names(channels));
        }
        if (!errors.isEmpty() || !top.present()) return null;
        return new NotificationInput(priority, category, recipient, channels, content, expiresAt, attributes, fallback);
    }

    private static Recipient recipient(ObjectView r) {
        String id = r.text("id", true, 128, Text::id);
        String email = r.text("email", false, 254, Text::email);
        String phone = r.text("phone", false, 32, Text::e164);
        String webhook = r.text("webhookUrl", false, 2048, Text::webhookUrl);
        String locale = r.text("locale", false, 35, Text::locale);
        String timezone = r.text("timezone", false, 64, Text::timezone);
        if (!r.present() || id == null) return null;
        return new Recipient(id, email, phone, webhook, locale, timezone);
    }

    private static List<Channel> channels(ObjectView top, Errors errors) {
        List<JsonNode> items = top.array("channels", true, 1, Channel.values().length);
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = Errors.index(top.pointer("channels"), i);
            Channel channel = ObjectView.symbolAt(items.get(i), at, true, Channel.class, errors);
            if (channel == null) continue;
            if (channels.contains(channel)) errors.add(at, "is a duplicate channel");
            else channels.add(channel);
        }
        return channels;
    }

    private static Content content(ObjectView c) {
        String subject = c.text("subject", false, MAX_SUBJECT, Text.Lines.SINGLE);
        String text = c.text("text", true, MAX_TEXT, Text.Lines.MULTI);
        String html = c.text("html", false, MAX_HTML, Text.Lines.MULTI);
        String sms = c.text("sms", false, MAX_SMS, Text.Lines.MULTI);
        if (!c.present() || text == null) return null;
        return new Content(subject, text, html, sms);
    }

    private static Instant expiry(ObjectView top, Instant now) {
        Instant expiresAt = top.instant("expiresAt");
        if (expiresAt == null) return null;
        if (!expiresAt.isAfter(now)) {
            top.errors().add(top.pointer("expiresAt"), "is in the past");
            return null;
        }
        if (expiresAt.isAfter(now.plus(MAX_EXPIRY))) {
            top.errors().add(top.pointer("expiresAt"), "must be at most " + MAX_EXPIRY.toDays() + " days ahead");
            return null;
        }
        return expiresAt;
    }

    private static Map<String, String> attributes(ObjectView top, Errors errors) {
        JsonNode value = top.member("attributes");
        String at = top.pointer("attributes");
        if (value == null) return Map.of();
        if (!value.isObject()) {
            errors.add(at, "must be an object of strings");
            return Map.of();
        }
        if (value.size() > MAX_ATTRIBUTES) {
            errors.add(at, "must have at most " + MAX_ATTRIBUTES + " entries");
            return Map.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        ObjectView view = ObjectView.of(value, at, errors, false, fieldNames(value));
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String nameProblem = name.length() > 64 ? "attribute names must be at most 64 characters"
                    : Text.characters(name, Text.Lines.SINGLE);
            if (nameProblem != null || name.isEmpty()) {
                errors.add(Errors.child(at, name), nameProblem == null ? "attribute names must not be empty" : nameProblem);
                continue;
            }
            String v = view.text(name, true, 512, Text.Lines.SINGLE);
            if (v != null) attributes.put(name, v);
        }
        return attributes;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String names(List<Channel> channels) {
        return channels.stream().map(Channel::name).toList().toString();
    }
}
