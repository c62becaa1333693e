package io.herald.ingest.validation;

import io.herald.contracts.Content;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Recipient;
import java.time.Instant;
import java.util.HashMap;

/** Maps a validated body to the {@link NotificationRequest} contract; Herald assigns the id and creation time. */
public final class RequestMapper {
    private RequestMapper() {
    }

    public static NotificationRequest toAvro(NotificationInput in, String tenantId, String idempotencyKey,
                                             String notificationId, Instant now) {
        NotificationInput.Recipient r = in.recipient();
        NotificationInput.Content c = in.content();
        return NotificationRequest.newBuilder()
                .setNotificationId(notificationId)
                .setTenantId(tenantId)
                .setIdempotencyKey(idempotencyKey)
                .setCreatedAt(now)
                .setExpiresAt(in.expiresAt())
                .setPriority(in.priority())
                .setCategory(in.category())
                .setRecipient(Recipient.newBuilder()
                        .setRecipientId(r.id())
                        .setEmail(r.email())
                        .setPhone(r.phone())
                        .setWebhookUrl(r.webhookUrl())
                        .setLocale(r.locale())
                        .setTimezone(r.timezone())
                        .build())
                .setChannels(in.channels())
                .setContent(Content.newBuilder()
                        .setSubject(c.subject())
                        .setText(c.text())
                        .setHtml(c.html())
                        .setSmsText(c.sms())
                        .build())
                .setAttributes(new HashMap<>(in.attributes()))
                .setAllowChannelFallback(in.allowChannelFallback())
                .build();
    }
}
