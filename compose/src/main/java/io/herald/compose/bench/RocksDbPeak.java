package io.herald.compose.bench;

import io.herald.router.topology.RocksDbMemory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the router's shared RocksDB cache (what {@link RocksDbMemory} bounds: blocks, index and filter blocks, and
 * the memtables charged to it) every 50 ms through a phase and keeps the fullest it was. A sampled peak can miss a
 * spike shorter than the interval; the bound it is compared with is RocksDB's own, enforced on every insert.
 */
final class RocksDbPeak {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile long pinnedPeak;
    private volatile long capacity;

    private RocksDbPeak() {
        sampler = new Thread(this::sample, "bench-rocksdb-peak");
        sampler.setDaemon(true);
    }

    static RocksDbPeak start() {
        RocksDbPeak p = new RocksDbPeak();
        p.sampler.start();
        return p;
    }

    private void sample() {
        while (running) {
            RocksDbMemory.usage().ifPresent(u -> {
                peak = Math.max(peak, u.bytes());
                pinnedPeak = Math.max(pinnedPeak, u.pinnedBytes());
                capacity = u.capacityBytes();
            });
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }

    /** Stops sampling and files the peak under {@code phase}; nothing when no router store was open. */
    void stop(BenchReport report, String phase) throws InterruptedException {
        running = false;
        sampler.join();
        if (capacity > 0) report.rocksDb(phase, new BenchReport.RocksDb(peak, pinnedPeak, capacity));
    }
}
