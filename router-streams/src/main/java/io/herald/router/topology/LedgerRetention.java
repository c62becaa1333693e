package io.herald.router.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When the ledger forgets a notification. Every entry holds the request (addresses, bodies) until it is
 * terminal and a timeline after it, so without a bound the store and its changelog grow forever and personal
 * data outlives every topic's retention. Each entry has one line in a time-ordered index
 * ({@code zero-padded purgeAtMillis/notificationId → notificationId}, the key format of {@link DeferralSchedule}),
 * read by range scan from the start like the dedup expiry index, so a purge run never scans the ledger.
 *
 * <p>A terminal entry is forgotten {@code router.ledger.retention} after it became terminal. A new entry's line
 * is set one retention ahead and, when it comes due while the entry is still open (UNCERTAIN, PARKED, an
 * outcome for an id the ledger never routed), is judged again by {@link #judge}: moved on while the entry
 * was active or its request can still be delivered within a retention, forgotten otherwise.
 */
final class LedgerRetention {
    static final String STORE = "router-ledger-retention";
    /** Bounds one purge run, so a backlog of expired entries never stalls the ledger's partition. */
    static final int MAX_PURGE_PER_RUN = 50_000;
    /** Entries read per run by the one-off sweep that files entries written before retention existed. */
    static final int MAX_SWEEP_PER_RUN = 10_000;

    /** What to do with an entry whose retention line came due. */
    sealed interface Verdict {
        /** Delete it (a changelog tombstone) with its index lines. */
        record Forget() implements Verdict {
        }

        /** Still in use: its line moves to {@code untilMs}. */
        record Keep(long untilMs) implements Verdict {
        }
    }

    private final KeyValueStore<String, String> index;
    private final KeyValueStore<String, LedgerEntry> ledger;
    private final Duration retention;
    /** Where the sweep for entries written before the retention existed goes on; null once it read every entry. */
    private String sweepFrom = "";

    LedgerRetention(KeyValueStore<String, String> index, KeyValueStore<String, LedgerEntry> ledger, Duration retention) {
        this.index = index;
        this.ledger = ledger;
        this.retention = retention;
    }

    /**
     * One purge run: entries whose line is due are judged (forgotten, or their line moved on), then the sweep goes on.
     *
     * @param expiresAtMs a request's expiry, from its Avro binary
     * @param forget      deletes an entry with its lines in every index
     * @param save        stores an entry the way the ledger does (dropping a terminal one's request, filing a line)
     */
    void run(long nowMs, Function<byte[], Long> expiresAtMs, Consumer<LedgerEntry> forget, Consumer<LedgerEntry> save) {
        for (String key : due(nowMs)) {
            index.delete(key);
            String id = DeferralSchedule.notificationId(key);
            LedgerEntry e = ledger.get(id);
            // A line the entry no longer points at was superseded; its own line is still in the index.
            if (e == null || e.purgeAtMs() == null || e.purgeAtMs() != DeferralSchedule.dueMs(key)) continue;
            Verdict verdict = judge(e, e.request() == null ? null : expiresAtMs.apply(e.request()), nowMs, retention);
            if (verdict instanceof Verdict.Keep keep) ledger.put(id, moveTo(e, keep.untilMs()));
            else forget.accept(e);
        }
        sweepUnfiled(save);
    }

    /**
     * Files entries written by a router without retention (no line, perhaps a terminal one still holding its
     * request), {@link #MAX_SWEEP_PER_RUN} read per run, once per task start: every entry stored since has a line.
     */
    private void sweepUnfiled(Consumer<LedgerEntry> save) {
        if (sweepFrom == null) return;
        List<LedgerEntry> unfiled = new ArrayList<>();
        String last = null;
        boolean done;
        try (KeyValueIterator<String, LedgerEntry> it = sweepFrom.isEmpty() ? ledger.all() : ledger.range(sweepFrom, null)) {
            int read = 0;
            while (it.hasNext() && read++ < MAX_SWEEP_PER_RUN) {
                KeyValue<String, LedgerEntry> kv = it.next();
                last = kv.key;
                if (kv.value != null && kv.value.purgeAtMs() == null) unfiled.add(kv.value);
            }
            done = !it.hasNext();
        }
        unfiled.forEach(save);
        sweepFrom = done ? null : last;
    }

    /**
     * Pure: whether an entry whose line is due at {@code nowMs} is forgotten.
     *
     * @param expiresAtMs its request's expiry, or null when the request is not known (dropped, never received)
     */
    static Verdict judge(LedgerEntry e, Long expiresAtMs, long nowMs, Duration retention) {
        long keep = retention.toMillis();
        // Terminal: the retention counts from the terminal state, whatever came after (a late DELIVERED).
        if (e.terminal() && e.terminalAtMs() != null) {
            long until = e.terminalAtMs() + keep;
            return until <= nowMs ? new Verdict.Forget() : new Verdict.Keep(until);
        }
        // Open: kept a retention past its last activity, and past its expiry while a replay could still route it.
        long lastUse = Math.max(e.updatedAtMs(), expiresAtMs == null ? 0 : expiresAtMs);
        long until = lastUse + keep;
        return until <= nowMs ? new Verdict.Forget() : new Verdict.Keep(until);
    }

    /** Gives an entry without a line one, a retention ahead of {@code nowMs}. */
    LedgerEntry ensureLine(LedgerEntry e, long nowMs) {
        return e.purgeAtMs() != null ? e : moveTo(e, nowMs + retention.toMillis());
    }

    LedgerEntry moveTo(LedgerEntry e, long purgeAtMs) {
        if (e.purgeAtMs() != null) {
            if (e.purgeAtMs() == purgeAtMs) return e;
            index.delete(DeferralSchedule.key(e.purgeAtMs(), e.notificationId()));
        }
        index.put(DeferralSchedule.key(purgeAtMs, e.notificationId()), e.notificationId());
        return e.withPurgeAt(purgeAtMs);
    }

    /** Removes {@code e}'s line (the entry is being deleted). */
    void drop(LedgerEntry e) {
        if (e.purgeAtMs() != null) index.delete(DeferralSchedule.key(e.purgeAtMs(), e.notificationId()));
    }

    /** Up to {@link #MAX_PURGE_PER_RUN} lines due at {@code nowMs}, earliest first. */
    private List<String> due(long nowMs) {
        try (KeyValueIterator<String, String> it = index.range(DeferralSchedule.key(0, ""), DeferralSchedule.key(nowMs + 1, ""))) {
            return DeferralSchedule.select(keys(it), nowMs, MAX_PURGE_PER_RUN);
        }
    }

    private static java.util.Iterator<String> keys(KeyValueIterator<String, String> it) {
        return new java.util.Iterator<>() {
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
