package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ProviderHealth;

/**
 * Observes what the topology decides, for metrics. Called on stream threads: implementations must be
 * cheap and thread-safe, and must not do I/O.
 */
public interface DecisionListener {
    DecisionListener NONE = new DecisionListener() {
    };

    /** Every outcome the router itself emits (ROUTED, PARKED, FAILED_OVER, EXPIRED, ...). */
    default void decided(DeliveryOutcome outcome) {
    }

    /** A request was recognised as a duplicate. */
    default void duplicate(String tenantId) {
    }

    /** A provider changed state. */
    default void healthChanged(ProviderHealth health) {
    }

    /** An unreadable record was dead-lettered. */
    default void deadLettered(String topic) {
    }

    /** A record could not be read because the schema registry did not answer; it will be read again. */
    default void registryUnavailable(String topic) {
    }
}
