package io.herald.ingest.validation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of a body's canonical JSON (members sorted, no whitespace), so "the same body" for an
 * idempotent replay ignores formatting and member order but nothing else. The router's dedup compares it
 * across ingest versions (header {@code herald.ingest.fingerprint}), so the canonical bytes never change:
 * they are those of Jackson writing the body as plain maps with {@link SerializationFeature#ORDER_MAP_ENTRIES_BY_KEYS}
 * ({@code FingerprintTest} holds that definition), streamed straight into the digest instead of through a copy.
 */
public final class Fingerprint {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    /** Never updated: only cloned. */
    private static final MessageDigest SHA256 = newSha256();

    private Fingerprint() {
    }

    public static String of(JsonNode body) {
        // Only a body that is an object was sorted by the original definition (valid requests always are).
        if (!body.isObject()) return ofPlainMaps(body);
        MessageDigest sha = sha256Digest();
        try (JsonGenerator out = CANONICAL.getFactory().createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
            write(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException("a parsed tree always serialises", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                write(out, node.get(name));
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) write(out, element);
            out.writeEndArray();
        } else {
            writeScalar(out, node);
        }
    }

    /**
     * A scalar as Jackson's own node serialisers write it (a number keeps its parsed type, so 1.0 stays 1.0), for
     * the kinds a parsed body holds; anything else through {@code writeTree}, which builds a serializer provider per
     * call (a tenth of a request's garbage when it ran for every scalar).
     */
    private static void writeScalar(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isTextual()) out.writeString(node.textValue());
        else if (node.isBoolean()) out.writeBoolean(node.booleanValue());
        else if (node.isNull()) out.writeNull();
        else if (node.isInt()) out.writeNumber(node.intValue());
        else if (node.isLong()) out.writeNumber(node.longValue());
        else if (node.isBigInteger()) out.writeNumber(node.bigIntegerValue());
        else if (node.isDouble()) out.writeNumber(node.doubleValue());
        else CANONICAL.writeTree(out, node);
    }

    /** The original definition: through plain Java maps, sorted by the serialiser (a root that is not an object as it is). */
    static String ofPlainMaps(JsonNode body) {
        try {
            Object plain = CANONICAL.treeToValue(body, Object.class);
            byte[] canonical = CANONICAL.writeValueAsBytes(plain instanceof Map<?, ?> ? plain : body);
            return sha256(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256Digest() {
        // A copy of a fresh prototype: cheaper than a provider lookup and a reflective constructor per request.
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
