package io.herald.ingest.intake;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which {@code tenant/idempotencyKey} this instance has accepted, with the body's fingerprint and the
 * notification id it got. {@link #claim} is atomic per key ({@code putIfAbsent}): of any number of
 * concurrent requests with one key exactly one becomes the owner and writes to Kafka; the others wait
 * on the owner's {@link Entry#durable} future. Entries expire after the idempotency window and the
 * map is capped, oldest first, so memory stays bounded. See DESIGN.md for why this is enough.
 */
public final class IdempotencyLedger {
    private final long windowMillis;
    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<Aged> order = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sweeping = new ReentrantLock();

    /**
     * @param notificationId id of the accepted notification
     * @param durable        completes true once Kafka acknowledged the write, false when it failed
     */
    public record Entry(String fingerprint, String notificationId, CompletableFuture<Boolean> durable) {
    }

    /** The result of {@link #claim}: this caller owns the write, or an entry already exists. */
    public sealed interface Claim {
        record Owner(Entry entry) implements Claim {
        }

        record Existing(Entry entry) implements Claim {
        }
    }

    private record Aged(String key, Entry entry, long atMillis) {
    }

    public IdempotencyLedger(long windowMillis, int maxEntries) {
        if (windowMillis <= 0) throw new IllegalArgumentException("window must be positive, was " + windowMillis);
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        this.windowMillis = windowMillis;
        this.maxEntries = maxEntries;
    }

    public Claim claim(String key, String fingerprint, String candidateId, long nowMillis) {
        sweep(nowMillis);
        Entry mine = new Entry(fingerprint, candidateId, new CompletableFuture<>());
        Entry existing = entries.putIfAbsent(key, mine);
        if (existing != null) return new Claim.Existing(existing);
        order.add(new Aged(key, mine, nowMillis));
        return new Claim.Owner(mine);
    }

    /** The owner's write was acknowledged: later requests with the key are replays. */
    public void confirm(Entry entry) {
        entry.durable().complete(true);
    }

    /** The owner's write failed: forget the key so a retry can write again, and tell the waiters. */
    public void abandon(String key, Entry entry) {
        entries.remove(key, entry);
        entry.durable().complete(false);
    }

    public int size() {
        return entries.size();
    }

    /** Drops entries older than the window, and the oldest beyond the cap. One sweeper at a time. */
    void sweep(long nowMillis) {
        if (!sweeping.tryLock()) return;
        try {
            long horizon = nowMillis - windowMillis;
            for (Aged head = order.peek(); head != null; head = order.peek()) {
                boolean abandoned = entries.get(head.key()) != head.entry();
                if (abandoned) {
                    order.poll();
                    continue;
                }
                boolean expired = head.atMillis() < horizon;
                boolean overCap = entries.size() >= maxEntries;
                // An in-flight write keeps its entry: evicting it would let a parallel retry write twice.
                if (!(expired || overCap) || !head.entry().durable().isDone()) break;
                order.poll();
                entries.remove(head.key(), head.entry());
            }
        } finally {
            sweeping.unlock();
        }
    }
}
