package io.herald.ingest.validation;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated notification as the API accepts it, before Herald assigns an id: plain Java values,
 * mapped to the Avro contract only at the Kafka boundary ({@link RequestMapper}).
 */
public record NotificationInput(Priority priority, String category, Recipient recipient, List<Channel> channels,
                                Content content, Instant expiresAt, Map<String, String> attributes,
                                Boolean allowChannelFallback) {
    public NotificationInput {
        channels = List.copyOf(channels);
        attributes = Map.copyOf(attributes);
    }

    /** Who, and where each channel reaches them. Addresses are PII. */
    public record Recipient(String id, String email, String phone, String webhookUrl, String locale, String timezone) {
        /** True when this recipient can be reached on {@code channel}. */
        public boolean reachableOn(Channel channel) {
            return switch (channel) {
                case EMAIL -> email != null;
                case SMS -> phone != null;
                case WEBHOOK -> webhookUrl != null;
            };
        }
    }

    /** What to say. */
    public record Content(String subject, String text, String html, String sms) {
    }
}
