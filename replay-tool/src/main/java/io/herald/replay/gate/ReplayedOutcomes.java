package io.herald.replay.gate;

import io.herald.contracts.OutcomeStatus;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tallies the fate of the messages one replay sent, counting each notification once, by its first decisive
 * outcome: SENT/DELIVERED succeed; FAILED, CHANNEL_EXHAUSTED, PARKED (again) and UNCERTAIN fail. Everything
 * else (REPLAYED, ROUTED, DEFERRED attempts, SKIPPED, EXPIRED, SUPPRESSED) says nothing about the provider.
 */
public final class ReplayedOutcomes {
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** Decisive or not, per status. */
    public static Boolean isSuccess(OutcomeStatus status) {
        return switch (status) {
            case SENT, DELIVERED -> Boolean.TRUE;
            case FAILED, CHANNEL_EXHAUSTED, PARKED, UNCERTAIN -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Remembers that this replay sent {@code notificationId}. */
    public void replayed(String notificationId) {
        sent.add(notificationId);
    }

    /** Whether this replay sent {@code notificationId} (lets watchers skip decoding unrelated outcomes). */
    public boolean wasReplayed(String notificationId) {
        return sent.contains(notificationId);
    }

    /** Feeds one outcome; ignored unless it is the first decisive outcome of a notification this replay sent. */
    public void observe(String notificationId, OutcomeStatus status) {
        Boolean success = isSuccess(status);
        if (success == null || !sent.contains(notificationId) || !decided.add(notificationId)) return;
        (success ? successes : failures).incrementAndGet();
    }

    public long successes() {
        return successes.get();
    }

    public long failures() {
        return failures.get();
    }
}
