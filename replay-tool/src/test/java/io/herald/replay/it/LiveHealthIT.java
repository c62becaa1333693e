package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.HealthState;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.gate.GateVerdict;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.health.LiveHealth;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryException;
import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.registry.SchemaVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The live health view a replay gate reads: while it cannot read, the gate is closed, not open. */
@WithKafka
@WithRegistry
class LiveHealthIT {

    /** The real registry behind a switch: while down, schema lookups fail as a 503 would. */
    private static final class SwitchedRegistry implements SchemaRegistryClient {
        private final SchemaRegistryClient real;
        private final AtomicInteger refusals = new AtomicInteger();
        volatile boolean down = true;

        SwitchedRegistry(SchemaRegistryClient real) {
            this.real = real;
        }

        private void check(String subject) {
            if (!down) return;
            refusals.incrementAndGet();
            throw new RegistryException(subject, 503, 0, "registry unavailable (test switch)", null);
        }

        @Override
        public int register(String subject, Schema schema) {
            check(subject);
            return real.register(subject, schema);
        }

        @Override
        public int idOf(String subject, Schema schema) {
            check(subject);
            return real.idOf(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            check("id " + id);
            return real.schemaById(id);
        }

        @Override
        public SchemaVersion latest(String subject) {
            check(subject);
            return real.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            check(subject);
            return real.isCompatible(subject, schema);
        }
    }

    @Test
    void theGateStaysClosedWhileTheViewCannotReadTheHealthTopicAndFollowsTheTopicOnceItCan(KafkaCluster kafka,
                                                                                          SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String health = fx.compacted("notify.provider-health.v1.live");
        String outcomes = fx.topic("notify.outcome.v1.live", 1);
        fx.produceHealth(health, "smtp-primary", HealthState.DOWN, HealthState.HEALTHY);
        SwitchedRegistry switched = new SwitchedRegistry(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())));
        ReplayClients blind = ReplayClients.of(Map.of("bootstrap.servers", kafka.bootstrapServers()), switched, Duration.ofSeconds(30));

        try (LiveHealth view = new LiveHealth(blind, health, outcomes, Duration.ofSeconds(60), Clock.systemUTC()).start()) {
            ReplayGate gate = view.gate("smtp-primary", GatePolicy.DEFAULT);
            await().atMost(Duration.ofSeconds(30)).until(() -> switched.refusals.get() > 0);
            // Before: the view's thread died on the first unreadable-for-now record, the provider stayed unknown, and
            // an unknown provider counts as healthy: the gate opened onto a provider that is DOWN.
            GateVerdict blindVerdict = gate.check();
            assertThat(blindVerdict.open()).as("gate while the view cannot read").isFalse();
            assertThat(blindVerdict.reason()).contains("not caught up");

            switched.down = false;
            await().atMost(Duration.ofSeconds(60)).until(view::ready);
            assertThat(gate.check()).isEqualTo(GateVerdict.closed("smtp-primary is DOWN"));
            assertThat(view.restarts()).isPositive();

            fx.produceHealth(health, "smtp-primary", HealthState.HEALTHY, HealthState.DOWN);
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.check().open());
        }
    }
}
