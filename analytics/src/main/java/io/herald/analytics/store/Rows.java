package io.herald.analytics.store;

import java.time.Instant;

/** The rows the sink writes: plain values, decoded from Avro at the Kafka boundary. */
public final class Rows {
    private Rows() {
    }

    /** One outcome event. Nullable fields are null when the event has no such value. */
    public record Outcome(String eventId, String notificationId, String tenantId, Instant at, String stage, String status,
                          String channel, String lane, String category, String provider, int attempt, String errorClass,
                          String providerCode, String detail, Long latencyMs, String rule, int partition, long offset) {
    }

    /** One accepted request: ids and routing facts only (no recipient, no content). */
    public record Accepted(String notificationId, String tenantId, String priority, String category, String channels,
                           String firstChannel, Instant createdAt, Instant expiresAt, Instant acceptedAt, int partition,
                           long offset) {
    }

    /** One provider health transition. */
    public record Health(int partition, long offset, String providerId, String channel, String state, String previousState,
                         Instant since, String reason, String source, boolean operatorOverride, Integer windowAttempts,
                         Double failureRatio) {
    }

    /** A record the sink could not decode. */
    public record SinkError(String topic, int partition, long offset, String error, Instant seenAt) {
    }
}
