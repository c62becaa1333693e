package io.herald.compose;

import io.herald.compose.drill.LoadGenerator;
import io.herald.devkit.twilio.RecordedSms;
import io.herald.policy.reconcile.SinkDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the outage tests read from the Twilio stub: the load generator's reference in each text names the request. */
final class SmsSinkReads {
    private SmsSinkReads() {
    }

    /** The deliveries of posted notifications (id by idempotency key) among the texts the stub accepted. */
    static List<SinkDelivery> deliveries(List<RecordedSms> sent, Map<String, String> idByKey) {
        List<SinkDelivery> out = new ArrayList<>();
        for (RecordedSms sms : sent) {
            LoadGenerator.refOf(sms.body()).map(idByKey::get).ifPresent(id -> out.add(new SinkDelivery(id, "sms", sms.receivedAt())));
        }
        return out;
    }

    /** When the first text for each idempotency key reached the stub. */
    static Map<String, Instant> firstByKey(List<RecordedSms> sent) {
        Map<String, Instant> out = new HashMap<>();
        for (RecordedSms sms : sent) {
            LoadGenerator.refOf(sms.body()).ifPresent(key -> out.merge(key, sms.receivedAt(), (a, b) -> a.isBefore(b) ? a : b));
        }
        return out;
    }
}
