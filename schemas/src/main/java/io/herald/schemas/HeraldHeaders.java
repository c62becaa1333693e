package io.herald.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Record header names shared by every stage: why a record is in the DLQ, and where a replayed record
 * came from. Values are UTF-8 strings. Headers never carry PII.
 */
public final class HeraldHeaders {
    /** Stage that gave up on the record (ingest, router, worker, replay). */
    public static final String DLQ_STAGE = "herald.dlq.stage";
    /** Short machine-readable cause: deserialization, validation, ... */
    public static final String DLQ_CAUSE = "herald.dlq.cause";
    /** Human-readable reason, naming the field for validation failures. */
    public static final String DLQ_REASON = "herald.dlq.reason";
    /** Exception class, when an exception caused it. */
    public static final String DLQ_EXCEPTION = "herald.dlq.exception";
    /** Where the record was read from: topic, partition, offset. */
    public static final String DLQ_SOURCE_TOPIC = "herald.dlq.source.topic";
    public static final String DLQ_SOURCE_PARTITION = "herald.dlq.source.partition";
    public static final String DLQ_SOURCE_OFFSET = "herald.dlq.source.offset";
    /** When it was dead-lettered (ISO-8601). */
    public static final String DLQ_AT = "herald.dlq.at";

    /** Who started the replay (operator name or {@code auto-replayer}). */
    public static final String REPLAY_BY = "herald.replay.by";
    /** When the record was replayed (ISO-8601). */
    public static final String REPLAY_AT = "herald.replay.at";
    /** Why it was replayed. */
    public static final String REPLAY_REASON = "herald.replay.reason";
    /** Id of the replay run. */
    public static final String REPLAY_ID = "herald.replay.id";
    /** The replayed record's origin: topic, partition, offset. */
    public static final String REPLAY_SOURCE_TOPIC = "herald.replay.source.topic";
    public static final String REPLAY_SOURCE_PARTITION = "herald.replay.source.partition";
    public static final String REPLAY_SOURCE_OFFSET = "herald.replay.source.offset";
    /**
     * {@code true} when an operator explicitly allowed resending notifications whose delivery is UNCERTAIN
     * ({@code herald-replay run --resend-uncertain}); without it the router skips them.
     */
    public static final String REPLAY_RESEND_UNCERTAIN = "herald.replay.resend-uncertain";

    /**
     * On a {@code notify.outcome.v1} record: the outcome's stage ({@code ROUTER} on the router's own decisions), so a
     * reader that only wants some stages (the router skips its own) can drop a record without decoding it.
     */
    public static final String OUTCOME_STAGE = "herald.outcome.stage";
    /**
     * On a {@code notify.request.v1} record: ingest's fingerprint of the request body (a digest, no PII), so the
     * router can tell a retry of the same key from the same key reused with another body.
     */
    public static final String INGEST_FINGERPRINT = "herald.ingest.fingerprint";

    private HeraldHeaders() {
    }

    /** Adds a UTF-8 string header, skipping nulls. */
    public static void put(Headers headers, String key, String value) {
        if (value != null) headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The last value of a string header, or null. */
    public static String get(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Whether the last {@code key} header is {@code value}, compared as UTF-8 bytes (no String made per record). */
    public static boolean is(Headers headers, String key, byte[] value) {
        Header header = headers.lastHeader(key);
        return header != null && java.util.Arrays.equals(header.value(), value);
    }
}
