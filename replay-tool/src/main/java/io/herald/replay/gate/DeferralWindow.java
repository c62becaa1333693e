package io.herald.replay.gate;

import java.util.function.LongSupplier;

/**
 * Attempts and deferrals of one provider over the last {@code windowMillis}, kept in one-second buckets so
 * memory is fixed whatever the traffic. Thread-safe (fed by a consumer thread, read by the replay loop).
 */
public final class DeferralWindow {
    private final LongSupplier millisClock;
    private final int seconds;
    private final long[] bucketSecond;
    private final long[] attempts;
    private final long[] deferred;

    public DeferralWindow(java.time.Duration window, LongSupplier millisClock) {
        this.seconds = (int) Math.max(1, window.toSeconds());
        this.millisClock = millisClock;
        this.bucketSecond = new long[seconds];
        this.attempts = new long[seconds];
        this.deferred = new long[seconds];
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    /** Records one attempt that happened at {@code atMillis}; old attempts outside the window are ignored. */
    public synchronized void record(long atMillis, boolean wasDeferred) {
        long second = Math.floorDiv(atMillis, 1000);
        long now = Math.floorDiv(millisClock.getAsLong(), 1000);
        if (second <= now - seconds) return;
        int i = (int) Math.floorMod(second, (long) seconds);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            attempts[i] = 0;
            deferred[i] = 0;
        }
        attempts[i]++;
        if (wasDeferred) deferred[i]++;
    }

    /** Attempts in the window. */
    public synchronized long attempts() {
        return sum(attempts);
    }

    /** Deferred attempts in the window. */
    public synchronized long deferred() {
        return sum(deferred);
    }

    private long sum(long[] counts) {
        long now = Math.floorDiv(millisClock.getAsLong(), 1000);
        long total = 0;
        for (int i = 0; i < seconds; i++) {
            if (bucketSecond[i] > now - seconds && bucketSecond[i] <= now) total += counts[i];
        }
        return total;
    }
}
