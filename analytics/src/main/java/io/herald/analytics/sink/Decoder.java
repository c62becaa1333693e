package io.herald.analytics.sink;

import io.herald.analytics.store.Rows;
import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ProviderHealth;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns decoded Avro values into store rows, keeping only what analytics may hold: ids, tenant, channel,
 * provider, lane, status, codes, timings and reasons. The request's recipient, content and attributes are
 * never read.
 */
public final class Decoder {
    private Decoder() {
    }

    public static Rows.Outcome outcome(DeliveryOutcome o, int partition, long offset) {
        return new Rows.Outcome(o.getEventId(), o.getNotificationId(), o.getTenantId(), o.getAt(), name(o.getStage()),
                name(o.getStatus()), name(o.getChannel()), name(o.getLane()), o.getCategory(), o.getProvider(),
                o.getAttempt(), name(o.getErrorClass()), o.getProviderCode(), o.getDetail(), o.getLatencyMs(),
                o.getDecision() == null ? null : o.getDecision().getRule(), partition, offset);
    }

    /** @param acceptedAt the request record's timestamp: when ingest wrote it */
    public static Rows.Accepted accepted(NotificationRequest r, Instant acceptedAt, int partition, long offset) {
        List<Channel> channels = r.getChannels();
        return new Rows.Accepted(r.getNotificationId(), r.getTenantId(), name(r.getPriority()), r.getCategory(),
                channels.stream().map(Enum::name).collect(Collectors.joining(",")),
                channels.isEmpty() ? null : channels.get(0).name(), r.getCreatedAt(), r.getExpiresAt(), acceptedAt,
                partition, offset);
    }

    public static Rows.Health health(ProviderHealth h, int partition, long offset) {
        return new Rows.Health(partition, offset, h.getProviderId(), name(h.getChannel()), name(h.getState()),
                name(h.getPreviousState()), h.getSince(), h.getReason(), name(h.getSource()), h.getOperatorOverride(),
                h.getWindow() == null ? null : h.getWindow().getAttempts(),
                h.getWindow() == null ? null : h.getWindow().getFailureRatio());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
