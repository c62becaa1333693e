package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.replay.gate.AbortPolicy;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.pace.Pace;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.Key;
import io.herald.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the automatic replayer, read once through the configuration library ({@link AutoReplayKeys};
 * reference: {@code docs/configuration.md}).
 */
public record AutoReplayConfig(boolean enabled, Set<Channel> channels, Pace.Waves waves, List<String> reasons, GatePolicy gate,
                               AbortPolicy abort, Duration deferralWindow, boolean releaseOnStartup, String groupPrefix,
                               String targetTopic, String healthTopic, String outcomeTopic, String runsTopic,
                               Map<Channel, String> parkedTopics, Duration commitInterval, Duration sweep,
                               boolean releaseOnResume, Duration resumeSettle, String controlTopic) {

    public AutoReplayConfig {
        channels = channels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(channels));
        Objects.requireNonNull(waves, AutoReplayKeys.WAVES.name());
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(abort, "abort");
        EnumMap<Channel, String> parked = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) parked.put(c, parkedTopics.getOrDefault(c, TopicNames.parked(c)));
        parkedTopics = Map.copyOf(parked);
        Objects.requireNonNull(sweep, AutoReplayKeys.SWEEP.name());
        if (sweep.isNegative()) throw new IllegalArgumentException(AutoReplayKeys.SWEEP + " must not be negative");
        Objects.requireNonNull(resumeSettle, AutoReplayKeys.RESUME_SETTLE.name());
        if (resumeSettle.isNegative()) throw new IllegalArgumentException(AutoReplayKeys.RESUME_SETTLE + " must not be negative");
    }

    /** Whether the periodic sweep for unreleased parked messages runs. */
    public boolean sweeps() {
        return !sweep.isZero();
    }

    /** Defaults everywhere, with {@code waves}. */
    public static AutoReplayConfig defaults(Pace.Waves waves) {
        return fromEnv(Map.of(AutoReplayKeys.WAVES.name(), waves.toString()));
    }

    /** Reads environment-style keys; fails naming the key whose value is wrong. */
    public static AutoReplayConfig fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(env, List.of(AutoReplayKeys.CATALOGUE)));
    }

    /** The replayer's settings from loaded keys. */
    public static AutoReplayConfig from(Config c) {
        Pace.Waves waves = c.get(AutoReplayKeys.WAVES);
        Optional<Pace.Rate> cap = c.optional(AutoReplayKeys.MAX_RATE);
        if (cap.isPresent()) waves = new Pace.Waves(waves.percent(), waves.interval(), cap.get());
        GatePolicy gate = new GatePolicy(c.get(AutoReplayKeys.MAX_DEFERRAL_RATIO), c.get(AutoReplayKeys.MIN_ATTEMPTS), true);
        AbortPolicy abort = c.optional(AutoReplayKeys.ABORT_FAILURE_RATIO)
                .map(r -> new AbortPolicy(r, c.get(AutoReplayKeys.ABORT_MIN_OUTCOMES))).orElse(AbortPolicy.NEVER);
        Map<Channel, String> parked = new LinkedHashMap<>();
        for (Channel channel : Channel.values()) {
            Key<String> key = AutoReplayKeys.PARKED_TOPIC.of(channel.name().toLowerCase(Locale.ROOT));
            if (c.isSet(key)) parked.put(channel, c.get(key));
        }
        return new AutoReplayConfig(c.get(AutoReplayKeys.ENABLED), c.get(AutoReplayKeys.CHANNELS), waves, c.get(AutoReplayKeys.REASONS),
                gate, abort, c.get(AutoReplayKeys.DEFERRAL_WINDOW), c.get(AutoReplayKeys.ON_STARTUP), c.get(AutoReplayKeys.GROUP_PREFIX),
                c.get(AutoReplayKeys.TARGET_TOPIC), c.get(AutoReplayKeys.HEALTH_TOPIC), c.get(AutoReplayKeys.OUTCOME_TOPIC),
                c.get(AutoReplayKeys.RUNS_TOPIC), parked, c.get(AutoReplayKeys.COMMIT_INTERVAL), c.get(AutoReplayKeys.SWEEP),
                c.get(AutoReplayKeys.ON_RESUME), c.get(AutoReplayKeys.RESUME_SETTLE), c.get(AutoReplayKeys.CONTROL_TOPIC));
    }

    /** One line for the start-up log (no secrets here). */
    public String describe() {
        return "auto-replay enabled=" + enabled + " channels=" + channels + " waves=" + waves + " reasons=" + reasons
                + " gate=" + gate + " abort=" + abort + " sweep=" + (sweeps() ? sweep : "off") + " onResume=" + releaseOnResume + " groupPrefix=" + groupPrefix;
    }
}
