package io.herald.replay.select;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.schemas.HeraldHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.header.Headers;

/**
 * What the replay tool knows about one backlog record, whatever topic it came from: the fields filters
 * match on, and the request to replay when there is one. Parked records carry everything; DLQ records
 * carry only their key, headers and bytes, so most fields are null there and filters on them do not match.
 *
 * @param timestamp   when the record entered the backlog (parkedAt, or the DLQ record's timestamp)
 * @param reason      parking reason, or the DLQ cause header
 * @param expiresAt   resolved expiry, or null when unknown (DLQ)
 * @param request     the request a replay sends, or null for DLQ records (replayed as raw bytes)
 */
public record BacklogEntry(String topic, int partition, long offset, String key, Instant timestamp,
                           Channel channel, Priority lane, String provider, String providerCode, String reason,
                           String tenantId, String notificationId, Instant expiresAt, NotificationRequest request) {

    /** The entry of a parked record. */
    public static BacklogEntry parked(String topic, int partition, long offset, String key, ParkedNotification parked) {
        return new BacklogEntry(topic, partition, offset, key, parked.getParkedAt(), parked.getChannel(), parked.getLane(),
                parked.getProvider(), parked.getProviderCode(), parked.getReason(), parked.getTenantId(),
                parked.getNotificationId(), parked.getExpiresAt(), parked.getRequest());
    }

    /**
     * The entry of a DLQ record. The channel is read from the source topic name when it names one
     * (dispatch, retry and parked topics do), and the tenant from a request-topic key of the earlier form
     * ({@code tenant/idempotencyKey}); a key that is a notification id (the current contract) names no tenant.
     */
    public static BacklogEntry dlq(String topic, int partition, long offset, String key, Instant timestamp, Headers headers) {
        String source = HeraldHeaders.get(headers, HeraldHeaders.DLQ_SOURCE_TOPIC);
        String tenant = key != null && key.indexOf('/') > 0 ? key.substring(0, key.indexOf('/')) : null;
        return new BacklogEntry(topic, partition, offset, key, timestamp, channelOf(source), null, null, null,
                HeraldHeaders.get(headers, HeraldHeaders.DLQ_CAUSE), tenant, key, null, null);
    }

    /**
     * The entry of a DLQ record whose bytes are a readable request (dead-lettered from the request or replay topic):
     * the DLQ's cause and time, the request's identity (its key on the request topic was its notification id, or {@code tenant/idempotencyKey} before);
     * the router's ledger files a replay under the notificationId.
     */
    public static BacklogEntry dlqRequest(String topic, int partition, long offset, String key, Instant timestamp,
                                          Headers headers, NotificationRequest request) {
        Channel first = request.getChannels().isEmpty() ? null : request.getChannels().get(0);
        return new BacklogEntry(topic, partition, offset, key, timestamp, first, request.getPriority(), null, null,
                HeraldHeaders.get(headers, HeraldHeaders.DLQ_CAUSE), request.getTenantId(), request.getNotificationId(),
                resolvedExpiry(request), request);
    }

    /** The entry of a request (e.g. a record already on a replay topic). */
    public static BacklogEntry request(String topic, int partition, long offset, String key, NotificationRequest request) {
        Channel first = request.getChannels().isEmpty() ? null : request.getChannels().get(0);
        return new BacklogEntry(topic, partition, offset, key, request.getCreatedAt(), first, request.getPriority(),
                null, null, null, request.getTenantId(), request.getNotificationId(), resolvedExpiry(request), request);
    }

    /** The request's expiry, or its per-priority default (critical 15 min, transactional 24 h, bulk 72 h). */
    public static Instant resolvedExpiry(NotificationRequest request) {
        if (request.getExpiresAt() != null) return request.getExpiresAt();
        Duration ttl = switch (request.getPriority()) {
            case CRITICAL -> Duration.ofMinutes(15);
            case TRANSACTIONAL -> Duration.ofHours(24);
            case BULK -> Duration.ofHours(72);
        };
        return request.getCreatedAt().plus(ttl);
    }

    private static Channel channelOf(String topicName) {
        if (topicName == null) return null;
        for (Channel channel : Channel.values()) {
            if (topicName.contains("." + channel.name().toLowerCase(Locale.ROOT) + ".")) return channel;
        }
        return null;
    }
}
