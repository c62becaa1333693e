package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.replay.engine.RunStore;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import io.herald.runtime.config.Durations;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The automatic paced replayer's keys ({@code auto-replay.*}; it runs inside the workers). Their environment
 * names are the ones it always read ({@code HERALD_AUTO_REPLAY_WAVES}).
 */
public final class AutoReplayKeys {
    public static final Key<Boolean> ENABLED = Key.bool("auto-replay.enabled").defaultValue(true)
            .doc("Whether the workers run the automatic replayer (the instances elect one leader).").build();
    public static final Key<Set<Channel>> CHANNELS = Key.custom("auto-replay.channels", "list of channels", AutoReplayKeys::channels)
            .defaultValue(Set.of(Channel.values())).defaultText("email,sms,webhook").doc("Channels whose parked backlog it releases.")
            .build();
    public static final Key<Pace.Waves> WAVES = Key.custom("auto-replay.waves", "waves", PaceParser::waves)
            .defaultValue(PaceParser.waves("10%/5m")).defaultText("10%/5m").doc("Release waves: share of the backlog per interval.").build();
    public static final Key<Pace.Rate> MAX_RATE = Key.custom("auto-replay.max-rate", "rate", PaceParser::rate)
            .doc("Rate cap inside a wave, e.g. `100/s`; none = no cap.").build();
    public static final Key<List<String>> REASONS = Key.list("auto-replay.reasons")
            .defaultValue(List.of("no-healthy-provider", "channel-exhausted")).doc("Parking reasons released after a recovery.").build();
    public static final Key<Double> MAX_DEFERRAL_RATIO = Key.decimal("auto-replay.max-deferral-ratio").defaultValue(0.2)
            .check(r -> r > 0 && r <= 1, "must be in (0, 1]").doc("A wave advances only while the live deferral ratio stays under this.")
            .build();
    public static final Key<Integer> MIN_ATTEMPTS = Key.integer("auto-replay.min-attempts").defaultValue(20)
            .check(n -> n >= 0, "must be >= 0").doc("Attempts in the deferral window before the ratio counts.").build();
    public static final Key<Duration> DEFERRAL_WINDOW = Key.duration("auto-replay.deferral-window").defaultValue(Duration.ofSeconds(60))
            .doc("Window of the live deferral ratio.").build();
    public static final Key<Double> ABORT_FAILURE_RATIO = Key.decimal("auto-replay.abort-failure-ratio")
            .check(r -> r > 0 && r <= 1, "must be in (0, 1]").doc("Abort a release whose replayed failure ratio passes this; none = never.")
            .build();
    public static final Key<Integer> ABORT_MIN_OUTCOMES = Key.integer("auto-replay.abort-min-outcomes").defaultValue(50)
            .check(n -> n >= 1, "must be >= 1").doc("Outcomes needed before aborting.").build();
    public static final Key<Boolean> ON_STARTUP = Key.bool("auto-replay.on-startup").defaultValue(true)
            .doc("Once elected, release at once what is parked on channels already HEALTHY (a new leader carries on).").build();
    public static final Key<Duration> SWEEP = Key.custom("auto-replay.sweep", "duration or off",
                    v -> v.equalsIgnoreCase("off") ? Duration.ZERO : Durations.parse(v)).defaultValue(Duration.ofMinutes(1))
            .doc("How often a HEALTHY channel is checked for parked messages not yet released; `off` disables.").build();
    public static final Key<Boolean> ON_RESUME = Key.bool("auto-replay.on-resume").defaultValue(true)
            .doc("An operator's RESUME_LANE / RESUME_TENANT releases what the pause parked, in the same waves.").build();
    public static final Key<Duration> RESUME_SETTLE = Key.duration("auto-replay.resume-settle").defaultValue(Duration.ofSeconds(5))
            .doc("Wait after a RESUME before releasing, so the router has applied it.").build();
    public static final Key<String> GROUP_PREFIX = Key.string("auto-replay.group-prefix").defaultValue("herald-auto-replay")
            .doc("Consumer group and transactional id prefix.").build();
    public static final Key<Duration> COMMIT_INTERVAL = Key.duration("auto-replay.commit-interval").defaultValue(Duration.ofMillis(100))
            .doc("Transaction length of a release.").build();
    public static final Key<String> TARGET_TOPIC = Key.string("auto-replay.target-topic").defaultValue(TopicNames.REPLAY)
            .doc("Where released messages go (the router re-checks them).").build();
    public static final Key<String> HEALTH_TOPIC = Key.string("auto-replay.health-topic").defaultValue(TopicNames.PROVIDER_HEALTH)
            .doc("Provider health topic.").build();
    public static final Key<String> OUTCOME_TOPIC = Key.string("auto-replay.outcome-topic").defaultValue(TopicNames.OUTCOME)
            .doc("Outcome topic.").build();
    public static final Key<String> RUNS_TOPIC = Key.string("auto-replay.runs-topic").defaultValue(RunStore.DEFAULT_TOPIC)
            .doc("Replay run records.").build();
    public static final Key<String> CONTROL_TOPIC = Key.string("auto-replay.control-topic").defaultValue(TopicNames.CONTROL)
            .doc("Operator control topic (RESUME triggers a release).").build();
    public static final Key<String> PARKED_TOPIC = Key.string("auto-replay.parked-topic.<channel>")
            .doc("Parked topic of one channel; default `notify.parked.<channel>.v1`.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Automatic replay",
            "The paced replayer inside `herald workers`: after a provider recovers (and after an operator's RESUME) it releases "
                    + "the parked backlog in waves, gated by the live deferral ratio.",
            ENABLED, CHANNELS, WAVES, MAX_RATE, REASONS, MAX_DEFERRAL_RATIO, MIN_ATTEMPTS, DEFERRAL_WINDOW, ABORT_FAILURE_RATIO,
            ABORT_MIN_OUTCOMES, ON_STARTUP, SWEEP, ON_RESUME, RESUME_SETTLE, GROUP_PREFIX, COMMIT_INTERVAL, TARGET_TOPIC, HEALTH_TOPIC,
            OUTCOME_TOPIC, RUNS_TOPIC, CONTROL_TOPIC, PARKED_TOPIC).owning("auto-replay");

    private AutoReplayKeys() {
    }

    private static Set<Channel> channels(String value) {
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        for (String c : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            try {
                out.add(Channel.valueOf(c.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown channel '" + c + "' (email, sms, webhook)");
            }
        }
        return Set.copyOf(out);
    }
}
