package io.herald.workers.runtime;

import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's view of provider health, fed from {@code notify.provider-health.v1}. Providers never
 * reported are assumed HEALTHY: the router publishes transitions only. Thread-safe.
 */
public final class HealthView {
    private final Map<String, HealthState> states = new ConcurrentHashMap<>();

    public void apply(ProviderHealth health) {
        states.put(health.getProviderId(), health.getState());
    }

    /** Removes a provider's entry (a compaction tombstone). */
    public void forget(String providerId) {
        states.remove(providerId);
    }

    public HealthState state(String providerId) {
        return states.getOrDefault(providerId, HealthState.HEALTHY);
    }

    public Map<String, HealthState> snapshot() {
        return Map.copyOf(states);
    }
}
