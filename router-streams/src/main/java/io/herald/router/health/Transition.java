package io.herald.router.health;

import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;

/**
 * A provider changed state, and why; published to notify.provider-health.v1 and logged at WARN.
 *
 * @param evidence the tracker just before the transition (its window counts explain the move)
 */
public record Transition(HealthState from, HealthState to, long atMs, String reason, HealthSource source,
                         ProviderTracker evidence) {
}
