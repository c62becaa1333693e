package io.herald.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A strict, error-collecting view of one JSON object: every accessor names the field's pointer when
 * it reports a problem, and members outside the allowed set are reported, never ignored (no mass
 * assignment). An absent or mistyped object yields an empty view so validation of siblings goes on.
 */
public final class ObjectView {
    private final JsonNode node;
    private final String pointer;
    private final Errors errors;

    private ObjectView(JsonNode node, String pointer, Errors errors) {
        this.node = node;
        this.pointer = pointer;
        this.errors = errors;
    }

    /** The object at {@code pointer}; reports a wrong type, a missing required object, and unknown members. */
    public static ObjectView of(JsonNode node, String pointer, Errors errors, boolean required, Set<String> allowed) {
        if (node == null || node.isNull()) {
            if (required) errors.add(pointer.isEmpty() ? "" : pointer, "is required");
            return new ObjectView(null, pointer, errors);
        }
        if (!node.isObject()) {
            errors.add(pointer, "must be an object");
            return new ObjectView(null, pointer, errors);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) errors.add(Errors.child(pointer, name), "is not a known field");
        }
        return new ObjectView(node, pointer, errors);
    }

    public boolean present() {
        return node != null;
    }

    public String pointer(String name) {
        return Errors.child(pointer, name);
    }

    /** The raw member, or null when absent or JSON null. */
    public JsonNode member(String name) {
        if (node == null) return null;
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public ObjectView object(String name, boolean required, Set<String> allowed) {
        return of(node == null ? null : node.get(name), pointer(name), errors, required && node != null, allowed);
    }

    /** A string member with a length limit and control-character policy; null when absent or invalid. */
    public String text(String name, boolean required, int maxLength, Text.Lines lines) {
        JsonNode value = member(name);
        if (value == null) {
            if (required && node != null) errors.add(pointer(name), "is required");
            return null;
        }
        if (!value.isTextual()) {
            errors.add(pointer(name), "must be a string");
            return null;
        }
        String s = value.textValue();
        if (required && s.isBlank()) {
            errors.add(pointer(name), "must not be blank");
            return null;
        }
        if (s.codePointCount(0, s.length()) > maxLength) {
            errors.add(pointer(name), "must be at most " + maxLength + " characters");
            return null;
        }
        String bad = Text.characters(s, lines);
        if (bad != null) {
            errors.add(pointer(name), bad);
            return null;
        }
        return s;
    }

    /** A single-line string that also passes {@code rule} (returns a reason or null). */
    public String text(String name, boolean required, int maxLength, Function<String, String> rule) {
        String s = text(name, required, maxLength, Text.Lines.SINGLE);
        if (s == null) return null;
        String bad = rule.apply(s);
        if (bad != null) {
            errors.add(pointer(name), bad);
            return null;
        }
        return s;
    }

    public Boolean bool(String name) {
        JsonNode value = member(name);
        if (value == null) return null;
        if (!value.isBoolean()) {
            errors.add(pointer(name), "must be a boolean");
            return null;
        }
        return value.booleanValue();
    }

    /** A lower-case enum symbol, e.g. {@code "critical"} for {@code CRITICAL}. */
    public <E extends Enum<E>> E symbol(String name, boolean required, Class<E> type) {
        return symbolAt(member(name), pointer(name), required && node != null, type, errors);
    }

    /** RFC 3339 instant such as {@code 2026-11-23T10:00:00Z}. */
    public Instant instant(String name) {
        JsonNode value = member(name);
        if (value == null) return null;
        if (!value.isTextual() || value.textValue().length() > 40) {
            errors.add(pointer(name), "must be an RFC 3339 instant such as 2026-11-23T10:00:00Z");
            return null;
        }
        try {
            return Rfc3339.parse(value.textValue());
        } catch (DateTimeParseException e) {
            errors.add(pointer(name), "must be an RFC 3339 instant such as 2026-11-23T10:00:00Z");
            return null;
        }
    }

    /** The elements of an array member with at most {@code max} items; empty when absent or mistyped. */
    public List<JsonNode> array(String name, boolean required, int min, int max) {
        JsonNode value = member(name);
        if (value == null) {
            if (required && node != null) errors.add(pointer(name), "is required");
            return List.of();
        }
        if (!value.isArray()) {
            errors.add(pointer(name), "must be an array");
            return List.of();
        }
        if (value.size() < min || value.size() > max) {
            errors.add(pointer(name), "must have between " + min + " and " + max + " items");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        value.forEach(items::add);
        return items;
    }

    public Errors errors() {
        return errors;
    }

    static <E extends Enum<E>> E symbolAt(JsonNode value, String pointer, boolean required, Class<E> type, Errors errors) {
        if (value == null || value.isNull()) {
            if (required) errors.add(pointer, "is required");
            return null;
        }
        if (value.isTextual()) {
            String s = value.textValue();
            // Symbols are written as Herald's responses write them (EMAIL, CRITICAL); the lower case of earlier
            // releases is accepted too, so existing clients keep working.
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(s)) return constant;
            }
        }
        errors.add(pointer, "must be one of " + allowed(type));
        return null;
    }

    private static <E extends Enum<E>> String allowed(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) names.add(constant.name());
        return String.join(", ", names);
    }
}
