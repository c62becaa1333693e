package io.herald.router.topology;

import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.RecipientPreference;
import io.herald.router.decision.Pauses;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Read access to the three global views every routing decision consults: recipient preferences,
 * provider health (as published on notify.provider-health.v1) and operator control commands.
 * Global stores are complete on every instance, so any task can decide for any notification.
 */
final class Views {
    static final String PREFERENCES = "router-preferences";
    static final String HEALTH = "router-provider-health";
    static final String CONTROL = "router-control";

    private final KeyValueStore<String, RecipientPreference> preferences;
    private final KeyValueStore<String, ProviderHealth> health;
    private final KeyValueStore<String, ControlCommand> control;

    Views(ProcessorContext<?, ?> context) {
        this.preferences = context.getStateStore(PREFERENCES);
        this.health = context.getStateStore(HEALTH);
        this.control = context.getStateStore(CONTROL);
    }

    RecipientPreference preference(String tenantId, String recipientId) {
        return preferences.get(tenantId + "/" + recipientId);
    }

    /** providerId → published state; providers never published are absent (treated as HEALTHY). */
    Map<String, HealthState> health() {
        Map<String, HealthState> out = new HashMap<>();
        try (KeyValueIterator<String, ProviderHealth> it = health.all()) {
            while (it.hasNext()) {
                KeyValue<String, ProviderHealth> kv = it.next();
                if (kv.value != null) out.put(kv.key, kv.value.getState());
            }
        }
        return out;
    }

    /** Lanes and tenants whose latest control command is a pause. */
    Pauses pauses() {
        Set<String> lanes = new HashSet<>();
        Set<String> tenants = new HashSet<>();
        try (KeyValueIterator<String, ControlCommand> it = control.all()) {
            while (it.hasNext()) {
                ControlCommand c = it.next().value;
                if (c == null) continue;
                if (c.getType() == ControlType.PAUSE_LANE && c.getChannel() != null && c.getLane() != null) {
                    lanes.add(Pauses.laneTarget(c.getChannel(), c.getLane()));
                } else if (c.getType() == ControlType.PAUSE_TENANT && c.getTenantId() != null) {
                    tenants.add(c.getTenantId());
                }
            }
        }
        return new Pauses(lanes, tenants);
    }

    /** Operator-forced states by provider (the latest command per provider target is a FORCE). */
    Map<String, HealthState> overrides() {
        Map<String, HealthState> out = new HashMap<>();
        try (KeyValueIterator<String, ControlCommand> it = control.all()) {
            while (it.hasNext()) {
                ControlCommand c = it.next().value;
                if (c != null && c.getType() == ControlType.FORCE_PROVIDER_STATE && c.getProviderId() != null
                        && c.getForcedState() != null) {
                    out.put(c.getProviderId(), c.getForcedState());
                }
            }
        }
        return out;
    }
}
