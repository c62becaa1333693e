package io.herald.compose.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.compose.sinks.SinksClient;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.workers.email.MessageIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local sinks received, attributed to the drill's notifications: a mail by its deterministic
 * Message-ID (derived from the notification id), an SMS by the {@code ref} its text carries. Messages of
 * other runs and senders are returned with their Message-ID or ref as the id, so reconciliation can count
 * them as unknown rather than silently drop them.
 */
public final class SinkRecords {
    private SinkRecords() {
    }

    /** Reads {@code /sinks/mail} and {@code /sinks/sms} (created messages only). */
    public static List<SinkDelivery> read(SinksClient sinks, List<Posted> posted) {
        return attribute(sinks.get("/sinks/mail"), sinks.get("/sinks/sms"), posted);
    }

    /** Pure part of {@link #read}: attributes console rows to notifications. */
    static List<SinkDelivery> attribute(JsonNode mails, JsonNode sms, List<Posted> posted) {
        Map<String, String> byMessageUuid = new HashMap<>();
        Map<String, String> byKey = new HashMap<>();
        for (Posted p : posted) {
            byMessageUuid.put(uuid(MessageIds.forNotification(p.notificationId(), "x")), p.notificationId());
            byKey.put(p.idempotencyKey(), p.notificationId());
        }
        List<SinkDelivery> out = new ArrayList<>();
        for (JsonNode m : mails) {
            String uuid = uuid(m.path("messageId").asText());
            out.add(new SinkDelivery(byMessageUuid.getOrDefault(uuid, "mail:" + uuid), m.path("provider").asText(),
                    Instant.parse(m.path("receivedAt").asText())));
        }
        for (JsonNode s : sms) {
            if (s.path("status").asInt() >= 400) continue;
            Optional<String> ref = LoadGenerator.refOf(s.path("body").asText(null));
            String id = ref.map(k -> byKey.getOrDefault(k, "sms:" + k)).orElse("sms:" + s.path("id").asText());
            out.add(new SinkDelivery(id, "sms", Instant.parse(s.path("receivedAt").asText())));
        }
        return out;
    }

    /** The part of a Message-ID before the {@code @}, without angle brackets. */
    private static String uuid(String messageId) {
        String s = messageId.trim().replaceAll("^<|>$", "");
        int at = s.indexOf('@');
        return at < 0 ? s : s.substring(0, at);
    }
}
