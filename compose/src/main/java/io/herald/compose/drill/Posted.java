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
 * @param domain         the recipient's mail domain (a destination drill puts a share of recipients on affected domains)
 */
public record Posted(String notificationId, String idempotencyKey, Priority lane, Instant postedAt, Instant expiresAt, Phase phase,
                     String domain) {
    /** A notification to a recipient on its lane's own domain. */
    public Posted(String notificationId, String idempotencyKey, Priority lane, Instant postedAt, Instant expiresAt, Phase phase) {
        this(notificationId, idempotencyKey, lane, postedAt, expiresAt, phase, RecipientDomains.laneDomain(lane));
    }

    /** Where in the drill a notification was posted. */
    public enum Phase { BEFORE, DURING, AFTER }
}
