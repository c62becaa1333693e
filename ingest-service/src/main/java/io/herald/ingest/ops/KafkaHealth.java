package io.herald.ingest.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Is Kafka reachable right now? Asks the cluster for its nodes with a short timeout, and caches the
 * answer briefly so a readiness probe storm does not become a metadata request storm.
 */
public final class KafkaHealth {
    private final Admin admin;
    private final Duration timeout;
    private final long cacheNanos;
    private final LongSupplier nanoClock;
    private volatile long checkedAt;
    private volatile boolean reachable;

    public KafkaHealth(Admin admin, Duration timeout, Duration cache, LongSupplier nanoClock) {
        this.admin = admin;
        this.timeout = timeout;
        this.cacheNanos = cache.toNanos();
        this.nanoClock = nanoClock;
        this.checkedAt = nanoClock.getAsLong() - cacheNanos - 1;
    }

    public synchronized boolean reachable() {
        long now = nanoClock.getAsLong();
        if (now - checkedAt < cacheNanos) return reachable;
        try {
            reachable = !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            reachable = false;
        }
        checkedAt = nanoClock.getAsLong();
        return reachable;
    }
}
