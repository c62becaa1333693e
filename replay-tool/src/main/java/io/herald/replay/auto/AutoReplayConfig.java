package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.replay.engine.RunStore;
import io.herald.replay.gate.AbortPolicy;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import io.herald.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the automatic replayer, read once from the environment by the workers' Main.
 *
 * <table>
 *   <caption>Environment keys</caption>
 *   <tr><th>key</th><th>type</th><th>default</th></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_ENABLED</td><td>boolean</td><td>true</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_CHANNELS</td><td>channels</td><td>email,sms,webhook</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_WAVES</td><td>waves</td><td>10%/5m</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_MAX_RATE</td><td>rate inside a wave</td><td>none</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_REASONS</td><td>parking reasons released</td><td>no-healthy-provider,channel-exhausted</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_MAX_DEFERRAL_RATIO</td><td>0..1</td><td>0.2</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_MIN_ATTEMPTS</td><td>int</td><td>20</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_DEFERRAL_WINDOW</td><td>duration</td><td>60s</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_ABORT_FAILURE_RATIO</td><td>0..1</td><td>none (never abort)</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_ABORT_MIN_OUTCOMES</td><td>int</td><td>50</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_ON_STARTUP</td><td>boolean: once elected, release at once what is parked on channels
 *       already HEALTHY (a restart or a new leader carries on)</td><td>true</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_SWEEP</td><td>how often a channel whose provider is HEALTHY is checked for parked
 *       messages not yet released (parked while it stayed HEALTHY, or left by a release the deferral gate halted);
 *       {@code off} disables</td><td>1m</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_ON_RESUME</td><td>boolean: an operator's RESUME_LANE / RESUME_TENANT releases
 *       what the pause parked (reason {@code paused}), in the same waves</td><td>true</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_RESUME_SETTLE</td><td>wait after a RESUME before releasing, so the router has
 *       applied it</td><td>5s</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_GROUP_PREFIX</td><td>consumer group / transactional id prefix</td><td>herald-auto-replay</td></tr>
 *   <tr><td>HERALD_AUTO_REPLAY_TARGET_TOPIC, _HEALTH_TOPIC, _OUTCOME_TOPIC, _RUNS_TOPIC, _CONTROL_TOPIC, _PARKED_TOPIC_&lt;CHANNEL&gt;</td>
 *       <td>topic names</td><td>the catalogue's</td></tr>
 * </table>
 */
public record AutoReplayConfig(boolean enabled, Set<Channel> channels, Pace.Waves waves, List<String> reasons, GatePolicy gate,
                               AbortPolicy abort, Duration deferralWindow, boolean releaseOnStartup, String groupPrefix,
                               String targetTopic, String healthTopic, String outcomeTopic, String runsTopic,
                               Map<Channel, String> parkedTopics, Duration commitInterval, Duration sweep,
                               boolean releaseOnResume, Duration resumeSettle, String controlTopic) {
    public static final String PREFIX = "HERALD_AUTO_REPLAY_";

    public AutoReplayConfig {
        channels = channels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(channels));
        Objects.requireNonNull(waves, PREFIX + "WAVES");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(abort, "abort");
        EnumMap<Channel, String> parked = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) parked.put(c, parkedTopics.getOrDefault(c, TopicNames.parked(c)));
        parkedTopics = Map.copyOf(parked);
        Objects.requireNonNull(sweep, PREFIX + "SWEEP");
        if (sweep.isNegative()) throw new IllegalArgumentException(PREFIX + "SWEEP must not be negative");
        Objects.requireNonNull(resumeSettle, PREFIX + "RESUME_SETTLE");
        if (resumeSettle.isNegative()) throw new IllegalArgumentException(PREFIX + "RESUME_SETTLE must not be negative");
    }

    /** Whether the periodic sweep for unreleased parked messages runs. */
    public boolean sweeps() {
        return !sweep.isZero();
    }

    /** Defaults everywhere, with {@code waves}. */
    public static AutoReplayConfig defaults(Pace.Waves waves) {
        return fromEnv(Map.of(PREFIX + "WAVES", waves.toString()));
    }

    /** Reads the config; fails naming the key whose value is wrong. */
    public static AutoReplayConfig fromEnv(Map<String, String> env) {
        Pace.Waves waves = parse(env, "WAVES", "10%/5m", PaceParser::waves);
        String maxRate = env.get(PREFIX + "MAX_RATE");
        if (maxRate != null && !maxRate.isBlank()) {
            waves = new Pace.Waves(waves.percent(), waves.interval(), parse(env, "MAX_RATE", null, PaceParser::rate));
        }
        Set<Channel> channels = parse(env, "CHANNELS", "email,sms,webhook", v -> Arrays.stream(v.split(","))
                .map(s -> Channel.valueOf(s.trim().toUpperCase(Locale.ROOT))).collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class))));
        List<String> reasons = parse(env, "REASONS", "no-healthy-provider,channel-exhausted",
                v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        int minAttempts = parse(env, "MIN_ATTEMPTS", "20", Integer::parseInt);
        GatePolicy gate = parse(env, "MAX_DEFERRAL_RATIO", "0.2", v -> new GatePolicy(Double.parseDouble(v), minAttempts, true));
        String abortRatio = env.get(PREFIX + "ABORT_FAILURE_RATIO");
        int abortMin = parse(env, "ABORT_MIN_OUTCOMES", "50", Integer::parseInt);
        AbortPolicy abort = abortRatio == null || abortRatio.isBlank() ? AbortPolicy.NEVER
                : parse(env, "ABORT_FAILURE_RATIO", null, v -> new AbortPolicy(Double.parseDouble(v), abortMin));
        Map<Channel, String> parked = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            String topic = env.get(PREFIX + "PARKED_TOPIC_" + c.name());
            if (topic != null && !topic.isBlank()) parked.put(c, topic);
        }
        return new AutoReplayConfig(
                parse(env, "ENABLED", "true", AutoReplayConfig::bool), channels, waves, reasons, gate, abort,
                parse(env, "DEFERRAL_WINDOW", "60s", v -> PaceParser.duration(PREFIX + "DEFERRAL_WINDOW", v)),
                parse(env, "ON_STARTUP", "true", AutoReplayConfig::bool),
                env.getOrDefault(PREFIX + "GROUP_PREFIX", "herald-auto-replay"),
                env.getOrDefault(PREFIX + "TARGET_TOPIC", TopicNames.REPLAY),
                env.getOrDefault(PREFIX + "HEALTH_TOPIC", TopicNames.PROVIDER_HEALTH),
                env.getOrDefault(PREFIX + "OUTCOME_TOPIC", TopicNames.OUTCOME),
                env.getOrDefault(PREFIX + "RUNS_TOPIC", RunStore.DEFAULT_TOPIC),
                parked,
                parse(env, "COMMIT_INTERVAL", "100ms", v -> PaceParser.duration(PREFIX + "COMMIT_INTERVAL", v)),
                parse(env, "SWEEP", "1m", v -> v.equalsIgnoreCase("off") ? Duration.ZERO : PaceParser.duration(PREFIX + "SWEEP", v)),
                parse(env, "ON_RESUME", "true", AutoReplayConfig::bool),
                parse(env, "RESUME_SETTLE", "5s", v -> PaceParser.duration(PREFIX + "RESUME_SETTLE", v)),
                env.getOrDefault(PREFIX + "CONTROL_TOPIC", TopicNames.CONTROL));
    }

    /** One line for the start-up log (no secrets here). */
    public String describe() {
        return "auto-replay enabled=" + enabled + " channels=" + channels + " waves=" + waves + " reasons=" + reasons
                + " gate=" + gate + " abort=" + abort + " sweep=" + (sweeps() ? sweep : "off") + " onResume=" + releaseOnResume + " groupPrefix=" + groupPrefix;
    }

    private static boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("expected true or false");
    }

    private static <T> T parse(Map<String, String> env, String key, String fallback, java.util.function.Function<String, T> parser) {
        String value = env.getOrDefault(PREFIX + key, fallback);
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + key + " has a bad value '" + value + "': " + e.getMessage(), e);
        }
    }
}
