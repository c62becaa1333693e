package io.herald.replay.auto;

import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator commands an instance read while it did not lead, kept so that the next leader acts on them. Every
 * instance reads every command, but only the leader acts; a RESUME read while leadership moves (the old leader
 * deposed before its release started, the new one not yet elected) would otherwise be acted on by nobody.
 *
 * <p>The latest command per target is kept (a later PAUSE of the same lane supersedes its RESUME), for
 * {@link #KEEP}: longer than a consumer group's session timeout plus the resume's settle time, the longest a
 * handover takes. Acting on a RESUME the old leader had already handled is harmless: a release resumes from its
 * group's committed offsets, so it only takes what is still parked.
 */
final class HeldCommands {
    static final Duration KEEP = Duration.ofMinutes(5);
    private static final int MAX = 1_000;

    private record Held(ControlCommand command, Instant readAt) {
    }

    private final Map<String, Held> byTarget = new LinkedHashMap<>();

    /** Keeps {@code command}, read at {@code now}, in place of any earlier command of its target. */
    synchronized void hold(ControlCommand command, Instant now) {
        String target = command.getTarget() == null ? command.getCommandId() : command.getTarget();
        byTarget.remove(target);
        byTarget.put(target, new Held(command, now));
        if (byTarget.size() > MAX) {
            Iterator<String> oldest = byTarget.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The RESUME commands read within {@link #KEEP} before {@code now}, oldest first; forgets everything held. */
    synchronized List<ControlCommand> takeResumes(Instant now) {
        List<ControlCommand> fresh = new ArrayList<>();
        for (Held held : byTarget.values()) {
            boolean resume = held.command().getType() == ControlType.RESUME_LANE || held.command().getType() == ControlType.RESUME_TENANT;
            if (resume && !held.readAt().isBefore(now.minus(KEEP))) fresh.add(held.command());
        }
        byTarget.clear();
        return fresh;
    }

    synchronized int size() {
        return byTarget.size();
    }
}
