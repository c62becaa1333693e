package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.HealthState;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.registry.SwitchedRegistry;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.gate.GateVerdict;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.health.LiveHealth;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live health view a replay gate reads: while it cannot read, the gate is closed, not open. */
@WithKafka
@WithRegistry
class LiveHealthIT {

    @Test
    void theGateStaysClosedWhileTheViewCannotReadTheHealthTopicAndFollowsTheTopicOnceItCan(KafkaCluster kafka,
                                                                                          SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String health = fx.compacted("notify.provider-health.v1.live");
        String outcomes = fx.topic("notify.outcome.v1.live", 1);
        fx.produceHealth(health, "smtp-primary", HealthState.DOWN, HealthState.HEALTHY);
        SwitchedRegistry switched = new SwitchedRegistry(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())))
                .down(true);
        ReplayClients blind = ReplayClients.of(Map.of("bootstrap.servers", kafka.bootstrapServers()), switched, Duration.ofSeconds(30));

        try (LiveHealth view = new LiveHealth(blind, health, outcomes, Duration.ofSeconds(60), Clock.systemUTC()).start()) {
            ReplayGate gate = view.gate("smtp-primary", GatePolicy.DEFAULT);
            await().atMost(Duration.ofSeconds(30)).until(() -> switched.refusals() > 0);
            // Before: the view's thread died on the first unreadable-for-now record, the provider stayed unknown, and
            // an unknown provider counts as healthy: the gate opened onto a provider that is DOWN.
            GateVerdict blindVerdict = gate.check();
            assertThat(blindVerdict.open()).as("gate while the view cannot read").isFalse();
            assertThat(blindVerdict.reason()).contains("not caught up");

            switched.down(false);
            await().atMost(Duration.ofSeconds(60)).until(view::ready);
            assertThat(gate.check()).isEqualTo(GateVerdict.closed("smtp-primary is DOWN"));
            assertThat(view.restarts()).isPositive();

            fx.produceHealth(health, "smtp-primary", HealthState.HEALTHY, HealthState.DOWN);
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.check().open());
        }
    }
}
