package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.auto.AutoReplayConfig;
import io.herald.replay.auto.AutoReplayer;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-destination release of parked mail (issue 14), driven by destination health records produced directly:
 * a destination's recovery releases only what was parked for it, in waves; its relapse halts only its release;
 * a provider's recovery never releases a destination's backlog.
 */
@WithKafka
@WithRegistry
class DestinationReleaseIT {

    @Test
    void eachDestinationsBacklogIsReleasedOnItsOwnRecoveryAndARelapseHaltsOnlyThatRelease(
            KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String parked = fx.topic("notify.parked.email.v1.dest", 2);
        String target = fx.topic("notify.replay.v1.dest", 2);
        String outcomes = fx.topic("notify.outcome.v1.dest", 1);
        String health = fx.compacted("notify.provider-health.v1.dest");
        Instant at = Instant.now().minusSeconds(120);
        fx.produceParked(parked, ReplayFixture.parkedBacklog("provider", 100, at));
        fx.produceParked(parked, forDestination(ReplayFixture.parkedBacklog("exo", 400, at), "exchange-online"));
        fx.produceParked(parked, forDestination(ReplayFixture.parkedBacklog("gws", 200, at), "google-workspace"));
        Map<String, String> env = new HashMap<>(Map.of(
                "HERALD_AUTO_REPLAY_CHANNELS", "email",
                "HERALD_AUTO_REPLAY_PARKED_TOPIC_EMAIL", parked,
                "HERALD_AUTO_REPLAY_TARGET_TOPIC", target,
                "HERALD_AUTO_REPLAY_HEALTH_TOPIC", health,
                "HERALD_AUTO_REPLAY_OUTCOME_TOPIC", outcomes,
                "HERALD_AUTO_REPLAY_RUNS_TOPIC", fx.compacted("notify.replay-runs.v1.dest"),
                "HERALD_AUTO_REPLAY_CONTROL_TOPIC", fx.compacted("notify.control.v1.dest"),
                "HERALD_AUTO_REPLAY_GROUP_PREFIX", "auto-" + fx.id,
                "HERALD_AUTO_REPLAY_WAVES", "10%/700ms",
                "HERALD_AUTO_REPLAY_SWEEP", "off"));
        AutoReplayConfig config = AutoReplayConfig.fromEnv(env);

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC())) {
            auto.start();
            await().atMost(Duration.ofSeconds(20)).until(auto::leading);

            // The provider's recovery releases the provider's backlog only.
            fx.produceHealth(health, "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(30)).until(() -> auto.lastEndedIn(Channel.EMAIL, RunState.FINISHED));
            assertThat(fx.countByKey(target).keySet()).hasSize(100).allMatch(k -> k.startsWith("n-provider-"));

            // Both destinations recover; Exchange Online relapses during its release.
            destinationHealth(fx, health, "exchange-online", HealthState.HEALTHY, HealthState.HALF_OPEN);
            destinationHealth(fx, health, "google-workspace", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(15)).until(() -> released(fx, target, "n-exo-") >= 80);
            destinationHealth(fx, health, "exchange-online", HealthState.DOWN, HealthState.HEALTHY);
            await().atMost(Duration.ofSeconds(10)).until(() -> !auto.releasingDestination("exchange-online"));
            RunRecord halted = auto.lastDestinationRun("exchange-online").orElseThrow();
            assertThat(halted.state()).isEqualTo(RunState.HALTED);
            assertThat(halted.detail()).contains("exchange-online is DOWN");
            int exoReleased = released(fx, target, "n-exo-");
            assertThat(exoReleased).isEqualTo((int) halted.copied()).isBetween(80, 399);

            // Google Workspace's release is not disturbed by the other destination's relapse.
            await().atMost(Duration.ofSeconds(30)).until(() -> auto.lastDestinationRun("google-workspace")
                    .map(r -> r.state() == RunState.FINISHED).orElse(false));
            assertThat(released(fx, target, "n-gws-")).isEqualTo(200);
            assertThat(released(fx, target, "n-exo-")).isEqualTo(exoReleased);

            // Exchange Online recovers again: its release resumes where it stopped, nothing twice.
            destinationHealth(fx, health, "exchange-online", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(30)).until(() -> auto.lastDestinationRun("exchange-online")
                    .map(r -> r.state() == RunState.FINISHED).orElse(false));
            Map<String, Integer> copies = fx.countByKey(target);
            assertThat(copies).hasSize(700);
            assertThat(copies.values()).containsOnly(1);
        }
    }

    private static List<ParkedNotification> forDestination(List<ParkedNotification> backlog, String destination) {
        return backlog.stream().map(p -> ParkedNotification.newBuilder(p).setReason("destination-down:" + destination)
                .setDestination(destination).build()).toList();
    }

    private static int released(ReplayFixture fx, String target, String prefix) {
        return (int) fx.countByKey(target).keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    private static void destinationHealth(ReplayFixture fx, String topic, String destination, HealthState state,
                                          HealthState previous) {
        String key = "destination:" + destination;
        ProviderHealth h = ProviderHealth.newBuilder().setProviderId(key).setChannel(Channel.EMAIL).setState(state)
                .setPreviousState(previous).setSince(Instant.now()).setReason("test").setSource(HealthSource.OBSERVED)
                .setDestination(destination).build();
        fx.send(topic, key, fx.clients.topics().providerHealth().valueSerde().serializer().serialize(topic, h));
    }
}
