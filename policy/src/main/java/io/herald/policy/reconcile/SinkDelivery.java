package io.herald.policy.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * One message a sink (mail server, SMS endpoint) received, already attributed to the notification it
 * carries: mail by its deterministic Message-ID, SMS by what the worker sent.
 *
 * @param notificationId the notification the delivered message belongs to
 * @param sink           where it arrived, e.g. {@code smtp-primary}, {@code sms}
 * @param at             when the sink received it
 */
public record SinkDelivery(String notificationId, String sink, Instant at) {
    public SinkDelivery {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(at, "at");
    }
}
