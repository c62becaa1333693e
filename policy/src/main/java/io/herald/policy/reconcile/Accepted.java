package io.herald.policy.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification the ingest API (or a producer) had acknowledged: from then on it must reach a terminal
 * state or be visibly parked.
 *
 * @param notificationId the id the ingest API answered
 * @param at             when it was acknowledged
 */
public record Accepted(String notificationId, Instant at) {
    public Accepted {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(at, "at");
    }
}
