package io.herald.compose.drill;

import io.herald.contracts.Priority;
import java.time.Instant;

/**
 * One notification the drill posted and the ingest API accepted.
 *
 * @param notificationId the id the API answered
 * @param idempotencyKey the drill's key (also the {@code ref} in its SMS text)
 * @param lane           its priority lane
 * @param postedAt       when the POST was sent
 * @param expiresAt      the expiry the drill asked for
 * @param phase          before, during or after the outage window
 */
public record Posted(String notificationId, String idempotencyKey, Priority lane, Instant postedAt, Instant expiresAt, Phase phase) {
    /** Where in the drill a notification was posted. */
    public enum Phase { BEFORE, DURING, AFTER }
}
