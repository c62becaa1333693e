package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
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
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The automatic replayer driven by ProviderHealth records produced directly (the full SMTP-outage drill needs the
 * router and workers and runs in the local stack).
 */
@WithKafka
@WithRegistry
class AutoReplayerIT {

    @Test
    void releasesTheParkedBacklogWhenTheProviderReturnsToHealthyAndHaltsWhenItGoesDownAgain(
            KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "auto");
        fx.produceHealth(w.health(), "smtp-primary", HealthState.DOWN, HealthState.HEALTHY);
        fx.produceParked(w.parked(), ReplayFixture.parkedBacklog("acme", 1000, Instant.now().minusSeconds(120)));
        AutoReplayConfig config = w.config(Map.of("HERALD_AUTO_REPLAY_WAVES", "10%/700ms"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, meters, Clock.systemUTC())) {
            auto.start();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !auto.releasing(Channel.EMAIL) && fx.count(w.target()) == 0);

            fx.produceHealth(w.health(), "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(15)).until(() -> fx.count(w.target()) >= 200);
            assertThat(meters.get("herald.replay.auto.running").tag("channel", "email").gauge().value()).isEqualTo(1.0);

            fx.produceHealth(w.health(), "smtp-primary", HealthState.DOWN, HealthState.HEALTHY);
            await().atMost(Duration.ofSeconds(10)).until(() -> !auto.releasing(Channel.EMAIL));
            RunRecord halted = auto.lastRun(Channel.EMAIL).orElseThrow();
            assertThat(halted.state()).isEqualTo(RunState.HALTED);
            assertThat(halted.detail()).contains("smtp-primary is DOWN");
            int released = fx.count(w.target());
            assertThat(released).isEqualTo((int) halted.copied()).isBetween(200, 999);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> fx.count(w.target()) == released);

            fx.produceHealth(w.health(), "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(20)).until(() -> auto.lastEndedIn(Channel.EMAIL, RunState.FINISHED));
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(1000);
            assertThat(copies.values()).containsOnly(1);
            assertThat(meters.get("herald.replay.auto.releases").tag("result", "halted").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("herald.replay.auto.releases").tag("result", "finished").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("herald.replay.auto.releases").tag("trigger", "recovery").counters())
                    .extracting(io.micrometer.core.instrument.Counter::count).containsOnly(1.0);
        }
    }

    @Test
    void haltsTheReleaseWhenTheLiveDeferralRatioOfTheProviderPassesTheThreshold(KafkaCluster kafka, SchemaRegistryEndpoint registry)
            throws Exception {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "defer");
        fx.produceParked(w.parked(), ReplayFixture.parkedBacklog("acme", 1000, Instant.now().minusSeconds(120)));
        AutoReplayConfig config = w.config(Map.of(
                "HERALD_AUTO_REPLAY_WAVES", "10%/1s",
                "HERALD_AUTO_REPLAY_MAX_DEFERRAL_RATIO", "0.2",
                "HERALD_AUTO_REPLAY_MIN_ATTEMPTS", "20"));

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC());
             FakeRouter deferringProvider = new FakeRouter(fx, w.target(), w.outcomes(), io.herald.contracts.OutcomeStatus.DEFERRED)) {
            auto.start();
            fx.produceHealth(w.health(), "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(20)).until(() -> auto.lastEndedIn(Channel.EMAIL, RunState.HALTED));

            RunRecord halted = auto.lastRun(Channel.EMAIL).orElseThrow();
            assertThat(halted.detail()).contains("gate closed before wave").contains("smtp-primary deferral ratio 1.00 >= 0.20");
            assertThat(halted.copied()).isBetween(100L, 900L);
            assertThat(fx.count(w.target())).isEqualTo((int) halted.copied());
        }
    }

    @Test
    void theSweepResumesAReleaseTheDeferralGateHaltedAndReleasesWhatWasParkedWhileTheProviderStayedHealthy(
            KafkaCluster kafka, SchemaRegistryEndpoint registry) throws Exception {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "sweep");
        fx.produceParked(w.parked(), ReplayFixture.parkedBacklog("acme", 300, Instant.now().minusSeconds(120)));
        AutoReplayConfig config = w.config(Map.of(
                "HERALD_AUTO_REPLAY_WAVES", "10%/500ms",
                "HERALD_AUTO_REPLAY_MIN_ATTEMPTS", "20",
                "HERALD_AUTO_REPLAY_DEFERRAL_WINDOW", "1s",
                "HERALD_AUTO_REPLAY_SWEEP", "300ms"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicReference<RunRecord> halted = new AtomicReference<>();

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, meters, Clock.systemUTC())) {
            auto.start();
            // The provider answers every replayed message with a deferral while the router still calls it HEALTHY.
            try (FakeRouter deferringProvider = new FakeRouter(fx, w.target(), w.outcomes(), io.herald.contracts.OutcomeStatus.DEFERRED)) {
                fx.produceHealth(w.health(), "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    auto.lastRun(Channel.EMAIL).filter(r -> r.state() == RunState.HALTED).ifPresent(halted::set);
                    return halted.get() != null;
                });
            }
            assertThat(halted.get().detail()).contains("deferral ratio");
            assertThat(halted.get().copied()).isLessThan(300);

            // The deferrals age out of the window; no health transition comes, the sweep resumes the release.
            await().atMost(Duration.ofSeconds(30)).until(() -> auto.lastEndedIn(Channel.EMAIL, RunState.FINISHED));
            assertThat(fx.countByKey(w.target())).hasSize(300).allSatisfy((key, copies) -> assertThat(copies).isEqualTo(1));

            // Parked while the provider stays HEALTHY (no transition at all): the sweep releases it too.
            List<io.herald.contracts.ParkedNotification> late = ReplayFixture.parkedBacklog("late", 40, Instant.now());
            fx.produceParked(w.parked(), late);
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.count(w.target()) == 340);
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(340);
            assertThat(copies.values()).containsOnly(1);
            assertThat(meters.get("herald.replay.auto.releases").tag("result", "halted").counter().count()).isGreaterThanOrEqualTo(1.0);
            // No health transition came after the halt: the releases that followed say they were the sweep's.
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("herald.replay.auto.releases")
                    .tag("trigger", "sweep").tag("result", "finished").counter() != null);
            assertThat(fx.readAll(w.target())).filteredOn(r -> ReplayFixture.string(r.key()).startsWith("n-late"))
                    .isNotEmpty().allSatisfy(r -> assertThat(io.herald.schemas.HeraldHeaders.get(r.headers(),
                            io.herald.schemas.HeraldHeaders.REPLAY_REASON))
                            .isEqualTo("sweep: parked messages not yet released while smtp-primary is HEALTHY"));
            // Nothing more is pending: the sweep does not start empty releases.
            double finished = meters.get("herald.replay.auto.releases").tag("result", "finished").counter().count();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> !auto.releasing(Channel.EMAIL) && meters.get("herald.replay.auto.releases")
                            .tag("result", "finished").counter().count() == finished && fx.count(w.target()) == 340);
        }
    }

    @Test
    void theSweepReleasesABacklogOnAChannelWhoseProvidersNeverPublishedHealth(KafkaCluster kafka,
                                                                              SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "unknown");
        // Parked after retries ran out while the router never saw the provider leave HEALTHY: no health record.
        fx.produceParked(w.parked(), ReplayFixture.parkedBacklog("acme", 50, Instant.now().minusSeconds(60)));
        AutoReplayConfig config = w.config(Map.of("HERALD_AUTO_REPLAY_WAVES", "50%/300ms", "HERALD_AUTO_REPLAY_SWEEP", "300ms"));

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC())) {
            auto.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> auto.lastEndedIn(Channel.EMAIL, RunState.FINISHED));
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(50);
            assertThat(copies.values()).containsOnly(1);
        }
    }

    @Test
    void anOperatorResumingALaneReleasesWhatThePauseParkedAndNothingElse(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "resume");
        List<ParkedNotification> parked = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ParkedNotification p = ReplayFixture.parked("acme", i, Instant.now().minusSeconds(60));
            // Twenty parked by the pause of the bulk lane; ten by the outage, which a resume must leave alone.
            if (i < 20) p.setReason("paused");
            parked.add(p);
        }
        fx.produceParked(w.parked(), parked);
        // Only the resume may release here: no sweep, nothing on election.
        AutoReplayConfig config = w.config(Map.of("HERALD_AUTO_REPLAY_WAVES", "50%/300ms", "HERALD_AUTO_REPLAY_SWEEP", "off",
                "HERALD_AUTO_REPLAY_ON_STARTUP", "false", "HERALD_AUTO_REPLAY_RESUME_SETTLE", "200ms"));

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC())) {
            auto.start();
            await().atMost(Duration.ofSeconds(20)).until(auto::leading);
            fx.send(w.control(), "lane:email:bulk", fx.clients.topics().control().valueSerde().serializer().serialize(w.control(),
                    ControlCommand.newBuilder().setCommandId("c-1").setType(ControlType.RESUME_LANE).setTarget("lane:email:bulk")
                            .setChannel(Channel.EMAIL).setLane(Priority.BULK).setIssuedBy("oncall").setReason("INC-42 over")
                            .setAt(Instant.now()).build()));

            await().atMost(Duration.ofSeconds(20)).until(() -> auto.lastResumeRelease("lane-bulk")
                    .map(r -> r.state() == RunState.FINISHED).orElse(false));
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(20);
            assertThat(copies.values()).containsOnly(1);
            assertThat(copies.keySet()).allSatisfy(key -> assertThat(Integer.parseInt(key.substring(key.lastIndexOf('-') + 1))).isLessThan(20));
            assertThat(auto.lastRun(Channel.EMAIL)).as("the outage's parked mail waits for its own release").isEmpty();
        }
    }

    @Test
    void aResumeSentWhileLeadershipMovesIsActedOnByTheNextLeader(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "handover");
        List<ParkedNotification> parked = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ParkedNotification p = ReplayFixture.parked("acme", i, Instant.now().minusSeconds(60));
            p.setReason("paused");
            parked.add(p);
        }
        fx.produceParked(w.parked(), parked);
        // The leader waits for the router to apply the RESUME before releasing; it leaves within that wait.
        AutoReplayConfig config = w.config(Map.of("HERALD_AUTO_REPLAY_WAVES", "50%/300ms", "HERALD_AUTO_REPLAY_SWEEP", "off",
                "HERALD_AUTO_REPLAY_ON_STARTUP", "false", "HERALD_AUTO_REPLAY_RESUME_SETTLE", "5s"));

        try (AutoReplayer one = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC());
             AutoReplayer two = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC())) {
            one.start();
            two.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> one.leading() != two.leading());
            AutoReplayer leader = one.leading() ? one : two;
            AutoReplayer follower = leader == one ? two : one;
            await().atMost(Duration.ofSeconds(20)).until(() -> one.ready() && two.ready());

            fx.send(w.control(), "lane:email:bulk", fx.clients.topics().control().valueSerde().serializer().serialize(w.control(),
                    ControlCommand.newBuilder().setCommandId("c-handover").setType(ControlType.RESUME_LANE)
                            .setTarget("lane:email:bulk").setChannel(Channel.EMAIL).setLane(Priority.BULK).setIssuedBy("oncall")
                            .setReason("INC-43 over").setAt(Instant.now()).build()));
            // Before: the follower dropped the command (not leading), and the leader's release, still waiting, died with it.
            await().atMost(Duration.ofSeconds(20)).until(() -> follower.heldCommands() == 1);
            leader.close();

            await().atMost(Duration.ofSeconds(30)).until(follower::leading);
            await().atMost(Duration.ofSeconds(30)).until(() -> follower.lastResumeRelease("lane-bulk")
                    .map(r -> r.state() == RunState.FINISHED).orElse(false));
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(20);
            assertThat(copies.values()).containsOnly(1);
        }
    }

    @Test
    void onlyTheElectedInstanceReleasesAndAnotherTakesOverWhereItStoppedWhenItLeaves(KafkaCluster kafka,
                                                                                   SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "lead");
        fx.produceParked(w.parked(), ReplayFixture.parkedBacklog("acme", 400, Instant.now().minusSeconds(120)));
        // No periodic sweep: the new leader's sweep on election alone must resume the release.
        AutoReplayConfig config = w.config(Map.of(
                "HERALD_AUTO_REPLAY_WAVES", "10%/700ms",
                "HERALD_AUTO_REPLAY_SWEEP", "off"));

        try (AutoReplayer one = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC());
             AutoReplayer two = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC())) {
            one.start();
            two.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> one.leading() != two.leading());
            AutoReplayer leader = one.leading() ? one : two;
            AutoReplayer follower = leader == one ? two : one;

            fx.produceHealth(w.health(), "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(15)).until(() -> fx.count(w.target()) >= 80);
            assertThat(leader.releasing(Channel.EMAIL)).isTrue();
            assertThat(follower.releasing(Channel.EMAIL)).as("the follower heard the same HEALTHY record").isFalse();
            assertThat(follower.lastRun(Channel.EMAIL)).isEmpty();

            leader.close();
            int releasedByTheFirst = fx.count(w.target());
            assertThat(releasedByTheFirst).isLessThan(400);
            await().atMost(Duration.ofSeconds(20)).until(follower::leading);
            await().atMost(Duration.ofSeconds(30)).until(() -> follower.lastEndedIn(Channel.EMAIL, RunState.FINISHED));
            RunRecord resumed = follower.lastRun(Channel.EMAIL).orElseThrow();
            assertThat(resumed.copied()).isEqualTo(400 - releasedByTheFirst);
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(400);
            assertThat(copies.values()).containsOnly(1);
        }
    }

    @Test
    void anOperatorsPaceCommandSpeedsUpTheRunningReleaseBetweenWaves(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        Wiring w = Wiring.of(fx, "pace");
        fx.produceParked(w.parked(), ReplayFixture.parkedBacklog("acme", 500, Instant.now().minusSeconds(120)));
        // One wave of 10% every ten minutes: without the operator, the second wave waits ten minutes.
        AutoReplayConfig config = w.config(Map.of("HERALD_AUTO_REPLAY_WAVES", "10%/10m", "HERALD_AUTO_REPLAY_SWEEP", "off"));

        try (AutoReplayer auto = new AutoReplayer(config, fx.clients, new SimpleMeterRegistry(), Clock.systemUTC())) {
            auto.start();
            await().atMost(Duration.ofSeconds(20)).until(auto::leading);
            fx.produceHealth(w.health(), "smtp-primary", HealthState.HEALTHY, HealthState.HALF_OPEN);
            await().atMost(Duration.ofSeconds(15)).until(() -> auto.lastRun(Channel.EMAIL).map(RunRecord::copied).orElse(0L) == 50);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> fx.count(w.target()) == 50);
            String replayId = auto.lastRun(Channel.EMAIL).orElseThrow().replayId();

            fx.send(w.control(), "replay:" + replayId, fx.clients.topics().control().valueSerde().serializer().serialize(w.control(),
                    ControlCommand.newBuilder().setCommandId("c-pace").setType(ControlType.SET_REPLAY_PACE)
                            .setTarget("replay:" + replayId).setReplayPace("50%/1s").setIssuedBy("oncall")
                            .setReason("backlog is small").setAt(Instant.now()).build()));

            await().atMost(Duration.ofSeconds(20)).until(() -> auto.lastEndedIn(Channel.EMAIL, RunState.FINISHED));
            RunRecord finished = auto.lastRun(Channel.EMAIL).orElseThrow();
            assertThat(finished.pace()).isEqualTo("50%/1s");
            assertThat(finished.copied()).isEqualTo(500);
            Map<String, Integer> copies = fx.countByKey(w.target());
            assertThat(copies).hasSize(500);
            assertThat(copies.values()).containsOnly(1);
        }
    }

    /** One test's own topics and consumer-group prefix, and the config that points the replayer at them. */
    private record Wiring(ReplayFixture fx, String parked, String target, String outcomes, String health, String runs,
                          String control) {
        static Wiring of(ReplayFixture fx, String name) {
            return new Wiring(fx, fx.topic("notify.parked.email.v1." + name, 2), fx.topic("notify.replay.v1." + name, 2),
                    fx.topic("notify.outcome.v1." + name, 1), fx.compacted("notify.provider-health.v1." + name),
                    fx.compacted("notify.replay-runs.v1." + name), fx.compacted("notify.control.v1." + name));
        }

        /** Email only, these topics, a fresh group prefix, then {@code settings}. */
        AutoReplayConfig config(Map<String, String> settings) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HERALD_AUTO_REPLAY_CHANNELS", "email",
                    "HERALD_AUTO_REPLAY_PARKED_TOPIC_EMAIL", parked,
                    "HERALD_AUTO_REPLAY_TARGET_TOPIC", target,
                    "HERALD_AUTO_REPLAY_HEALTH_TOPIC", health,
                    "HERALD_AUTO_REPLAY_OUTCOME_TOPIC", outcomes,
                    "HERALD_AUTO_REPLAY_RUNS_TOPIC", runs,
                    "HERALD_AUTO_REPLAY_CONTROL_TOPIC", control,
                    "HERALD_AUTO_REPLAY_GROUP_PREFIX", "auto-" + fx.id));
            env.putAll(settings);
            return AutoReplayConfig.fromEnv(env);
        }
    }
}
