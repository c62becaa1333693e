package io.herald.compose.bench;

import io.herald.contracts.Channel;
import io.herald.contracts.Content;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.schemas.NotificationIds;
import io.herald.schemas.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark's requests, written as ingest writes them (issue 13): notificationId =
 * {@link NotificationIds#of}(tenant, idempotencyKey) and the record keyed by it. A phase finds its own outcomes by
 * tenant ({@code PipelineBench} remembers each id's tenant); bare dispatch commands keep {@code tenant:i} ids.
 */
final class Workload {
    private Workload() {
    }

    static String idPrefix(String tenant) {
        return tenant + ":";
    }

    /** 20% critical, 50% transactional, 30% bulk by index. */
    static Priority lane(int i) {
        return switch (i % 10) {
            case 0, 1 -> Priority.CRITICAL;
            case 2, 3, 4 -> Priority.BULK;
            default -> Priority.TRANSACTIONAL;
        };
    }

    /** The router benchmark's historical mix (email + SMS codes, receipts, newsletters) with 5% duplicate keys. */
    static NotificationRequest mixed(String tenant, int i, Instant now) {
        String idempotencyKey = "k" + (i % 20 == 19 ? i - 1 : i);
        NotificationRequest r = switch (lane(i)) {
            case CRITICAL -> Samples.otp(tenant, idempotencyKey, now);
            case BULK -> Samples.newsletter(tenant, idempotencyKey, now);
            case TRANSACTIONAL -> receipt(Samples.otp(tenant, idempotencyKey, now));
        };
        r.setNotificationId(NotificationIds.of(tenant, r.getIdempotencyKey()));
        return r;
    }

    /** An email-only request on {@code lane}. */
    static NotificationRequest email(String tenant, int i, Priority lane, Instant now) {
        NotificationRequest r = Samples.otp(tenant, "k" + i, now);
        if (lane == Priority.BULK) r = Samples.newsletter(tenant, "k" + i, now);
        if (lane == Priority.TRANSACTIONAL) r = receipt(r);
        r.setChannels(List.of(Channel.EMAIL));
        r.setNotificationId(NotificationIds.of(tenant, r.getIdempotencyKey()));
        return r;
    }

    /** A transactional SMS-only request. */
    static NotificationRequest sms(String tenant, int i, Instant now) {
        NotificationRequest r = receipt(Samples.otp(tenant, "k" + i, now));
        r.setChannels(List.of(Channel.SMS));
        r.setNotificationId(NotificationIds.of(tenant, r.getIdempotencyKey()));
        return r;
    }

    /** A dispatch command for the bare SMTP sender. */
    static DispatchCommand command(String tenant, int i, Instant now) {
        return DispatchCommand.newBuilder().setNotificationId(idPrefix(tenant) + i).setTenantId(tenant)
                .setChannel(Channel.EMAIL).setLane(Priority.TRANSACTIONAL).setCategory("receipt").setRecipientId("u-1")
                .setAddress("ada@example.com")
                .setContent(Content.newBuilder().setSubject("Your sign-in code").setText("Your code is 123456").build())
                .setExpiresAt(now.plus(Duration.ofHours(1))).setCreatedAt(now).build();
    }

    static byte[] key(NotificationRequest r) {
        return r.getNotificationId().getBytes(StandardCharsets.UTF_8);
    }

    private static NotificationRequest receipt(NotificationRequest r) {
        r.setPriority(Priority.TRANSACTIONAL);
        r.setCategory("receipt");
        r.setExpiresAt(null);
        return r;
    }
}
