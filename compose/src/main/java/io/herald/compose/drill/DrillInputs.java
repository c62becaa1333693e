package io.herald.compose.drill;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ProviderHealth;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.replay.engine.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a drill report is computed from: what the drill did (posts, the outage window) and what the
 * event log and the sinks say happened.
 *
 * @param settings       how the drill ran (inject, rate, mix, ...), copied into the report
 * @param outageStart    when the fault was injected
 * @param outageEnd      when the providers were restored
 * @param mailProviders  the mail providers the outage hit
 * @param posted         every accepted post
 * @param outcomes       {@code notify.outcome.v1}, any notification
 * @param health         {@code notify.provider-health.v1} records in log order
 * @param runs           {@code notify.replay-runs.v1} records in log order
 * @param sinkDeliveries what the sinks received, attributed; empty when the sinks cannot be read (real providers)
 * @param settledBefore  events after this mean a notification is still moving (see Reconciliation)
 */
public record DrillInputs(Map<String, Object> settings, Instant outageStart, Instant outageEnd, List<String> mailProviders,
                          List<Posted> posted, List<DeliveryOutcome> outcomes, List<ProviderHealth> health, List<RunRecord> runs,
                          Optional<List<SinkDelivery>> sinkDeliveries, Instant settledBefore) {
    public DrillInputs {
        // Insertion order kept: the report prints the settings as the drill describes them.
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        mailProviders = List.copyOf(mailProviders);
        posted = List.copyOf(posted);
        outcomes = List.copyOf(outcomes);
        health = List.copyOf(health);
        runs = List.copyOf(runs);
    }
}
