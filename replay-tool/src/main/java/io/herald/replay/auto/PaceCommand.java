package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import java.util.Locale;
import java.util.Optional;

/**
 * An operator's {@code SET_REPLAY_PACE}: which running releases it concerns ({@code replay:<replay id>},
 * {@code replay:<channel>} or {@code replay:all}) and the pace they go on at.
 *
 * @param scope what follows {@code replay:} in the target
 */
public record PaceCommand(String scope, Pace pace) {
    /** The target prefix of replay commands. */
    public static final String PREFIX = "replay:";
    /** The scope of a command for every running release. */
    public static final String ALL = "all";

    /**
     * The pace command {@code command} carries; empty for other command types. The pace is {@code replayPace} (the
     * replay tool's grammar) or else {@code replayRatePerSecond}.
     *
     * @throws IllegalArgumentException naming the field when the command is a SET_REPLAY_PACE without a usable pace
     */
    public static Optional<PaceCommand> of(ControlCommand command) {
        if (command.getType() != ControlType.SET_REPLAY_PACE) return Optional.empty();
        String target = command.getTarget();
        if (target == null || !target.startsWith(PREFIX) || target.length() == PREFIX.length()) {
            throw new IllegalArgumentException("SET_REPLAY_PACE target must be replay:<replay id|channel|all>, was " + target);
        }
        Pace pace;
        if (command.getReplayPace() != null) {
            pace = PaceParser.parse(command.getReplayPace());
        } else if (command.getReplayRatePerSecond() != null) {
            pace = new Pace.Rate(command.getReplayRatePerSecond());
        } else {
            throw new IllegalArgumentException("SET_REPLAY_PACE needs replayPace or replayRatePerSecond");
        }
        return Optional.of(new PaceCommand(target.substring(PREFIX.length()), pace));
    }

    /** Whether the release {@code replayId} of {@code channel} goes on at this pace. */
    public boolean appliesTo(String replayId, Channel channel) {
        return scope.equals(ALL) || scope.equals(replayId) || scope.equals(channel.name().toLowerCase(Locale.ROOT));
    }
}
