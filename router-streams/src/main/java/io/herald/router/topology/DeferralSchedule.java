package io.herald.router.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger's schedule: notifications deferred by quiet hours (routed when due) and parked ones (expired
 * when due, unless a replay came first). A time-ordered index store
 * ({@code zero-padded dueMillis/notificationId → notificationId}), so finding what is due is a range
 * scan from the start, never a scan of the whole ledger. One line per notification: the due time is
 * also kept in its {@link LedgerEntry}, and scheduling again deletes the old line first, so a
 * replay, a re-deferral or a repeated intake never leaves two lines (and never two dispatches).
 */
final class DeferralSchedule {
    static final String STORE = "router-ledger-schedule";
    /** Bounds one release run, so the end of a popular quiet window never stalls the ledger's partition. */
    static final int MAX_DUE_PER_RUN = 5_000;
    /** Digits of Long.MAX_VALUE: every non-negative due time fits, so lexicographic order is time order. */
    private static final int WIDTH = 19;

    private final KeyValueStore<String, String> index;

    DeferralSchedule(KeyValueStore<String, String> index) {
        this.index = index;
    }

    /** Schedules {@code e} for {@code dueAt}, replacing any earlier line of the same notification. */
    LedgerEntry add(LedgerEntry e, Instant dueAt) {
        LedgerEntry cleared = cancel(e);
        long dueMs = dueAt.toEpochMilli();
        index.put(key(dueMs, e.notificationId()), e.notificationId());
        return cleared.withDueAt(dueMs);
    }

    /** Removes {@code e}'s line, if it has one: a newer decision supersedes the scheduled routing. */
    LedgerEntry cancel(LedgerEntry e) {
        if (e.dueAtMs() == null) return e;
        index.delete(key(e.dueAtMs(), e.notificationId()));
        return e.withDueAt(null);
    }

    /** Up to {@link #MAX_DUE_PER_RUN} keys due at {@code nowMs}, earliest first. */
    List<String> due(long nowMs) {
        // The upper bound is a key no notification has (empty id), just past every line due by now.
        try (KeyValueIterator<String, String> it = index.range(key(0, ""), key(nowMs + 1, ""))) {
            return select(keys(it), nowMs, MAX_DUE_PER_RUN);
        }
    }

    void drop(String key) {
        index.delete(key);
    }

    /** Zero-padded due time first, so the store's byte order is time order. */
    static String key(long dueMs, String notificationId) {
        String digits = Long.toString(Math.max(0, dueMs));
        return "0".repeat(WIDTH - digits.length()) + digits + "/" + notificationId;
    }

    static long dueMs(String key) {
        return Long.parseLong(key.substring(0, WIDTH));
    }

    /** Everything after the first separator: notification ids may themselves contain '/'. */
    static String notificationId(String key) {
        return key.substring(WIDTH + 1);
    }

    /** The leading keys of a time-ordered sequence that are due at {@code nowMs}, at most {@code max} of them. */
    static List<String> select(Iterator<String> orderedKeys, long nowMs, int max) {
        List<String> due = new ArrayList<>();
        while (orderedKeys.hasNext() && due.size() < max) {
            String key = orderedKeys.next();
            if (dueMs(key) > nowMs) break; // ordered: nothing after it is due either
            due.add(key);
        }
        return due;
    }

    private static Iterator<String> keys(KeyValueIterator<String, String> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public String next() {
                return it.next().key;
            }
        };
    }
}
