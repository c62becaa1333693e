package io.herald.replay.engine;

import io.herald.replay.gate.AbortPolicy;
import io.herald.replay.pace.Pace;
import io.herald.replay.select.ReplayFilter;
import io.herald.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.Objects;

/**
 * What one replay run copies and how.
 *
 * @param replayId        run id; also names the consumer group and transactional id unless those are given
 * @param kind            how to read the source (null: guessed from its name)
 * @param groupId         consumer group whose committed offsets are the run's checkpoint (null: {@code herald-replay-<id>})
 * @param transactionalId producer transactional id; fences an earlier process of the same run (null: the group id)
 * @param commitInterval  how often copies are committed (visible downstream); bounds the work redone after a crash
 * @param gateInterval    how often a rate-paced run asks the gate (wave-paced runs ask before each wave)
 * @param outcomeTopic    where outcomes of replayed messages are watched for the abort policy
 * @param resendUncertain the operator explicitly allows resending notifications whose delivery is UNCERTAIN
 *                        (header {@code herald.replay.resend-uncertain}); without it the router skips them
 */
public record ReplaySpec(String replayId, String sourceTopic, SourceKind kind, String targetTopic, ReplayFilter filter,
                         Pace pace, AbortPolicy abort, String by, String reason, String groupId, String transactionalId,
                         Duration commitInterval, Duration gateInterval, String outcomeTopic,
                         boolean resendUncertain) {
    public ReplaySpec {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        if (replayId.isBlank()) throw new IllegalArgumentException("replay id must not be blank");
        kind = kind == null ? SourceKind.of(sourceTopic) : kind;
        targetTopic = targetTopic == null ? TopicNames.REPLAY : targetTopic;
        filter = filter == null ? ReplayFilter.ALL : filter;
        pace = pace == null ? new Pace.Unlimited() : pace;
        abort = abort == null ? AbortPolicy.NEVER : abort;
        by = by == null ? System.getProperty("user.name", "operator") : by;
        reason = reason == null ? "replay" : reason;
        groupId = groupId == null ? "herald-replay-" + replayId : groupId;
        transactionalId = transactionalId == null ? groupId : transactionalId;
        commitInterval = commitInterval == null ? Duration.ofMillis(100) : commitInterval;
        gateInterval = gateInterval == null ? Duration.ofSeconds(5) : gateInterval;
        outcomeTopic = outcomeTopic == null ? TopicNames.OUTCOME : outcomeTopic;
        if (sourceTopic.equals(targetTopic)) throw new IllegalArgumentException("source and target are both " + sourceTopic);
    }

    /** A spec with defaults for everything but the essentials. */
    public static ReplaySpec of(String replayId, String sourceTopic, String targetTopic, ReplayFilter filter, Pace pace) {
        return new ReplaySpec(replayId, sourceTopic, null, targetTopic, filter, pace, null, null, null, null, null, null, null, null, false);
    }

    public ReplaySpec withAbort(AbortPolicy newAbort) {
        return new ReplaySpec(replayId, sourceTopic, kind, targetTopic, filter, pace, newAbort, by, reason, groupId,
                transactionalId, commitInterval, gateInterval, outcomeTopic, resendUncertain);
    }

    public ReplaySpec withWho(String newBy, String newReason) {
        return new ReplaySpec(replayId, sourceTopic, kind, targetTopic, filter, pace, abort, newBy, newReason, groupId,
                transactionalId, commitInterval, gateInterval, outcomeTopic, resendUncertain);
    }

    public ReplaySpec withGroup(String newGroupId, String newTransactionalId) {
        return new ReplaySpec(replayId, sourceTopic, kind, targetTopic, filter, pace, abort, by, reason, newGroupId,
                newTransactionalId, commitInterval, gateInterval, outcomeTopic, resendUncertain);
    }

    public ReplaySpec withIntervals(Duration newCommitInterval, Duration newGateInterval) {
        return new ReplaySpec(replayId, sourceTopic, kind, targetTopic, filter, pace, abort, by, reason, groupId,
                transactionalId, newCommitInterval, newGateInterval, outcomeTopic, resendUncertain);
    }

    public ReplaySpec withOutcomeTopic(String newOutcomeTopic) {
        return new ReplaySpec(replayId, sourceTopic, kind, targetTopic, filter, pace, abort, by, reason, groupId,
                transactionalId, commitInterval, gateInterval, newOutcomeTopic, resendUncertain);
    }

    public ReplaySpec withResendUncertain(boolean resend) {
        return new ReplaySpec(replayId, sourceTopic, kind, targetTopic, filter, pace, abort, by, reason, groupId,
                transactionalId, commitInterval, gateInterval, outcomeTopic, resend);
    }
}
