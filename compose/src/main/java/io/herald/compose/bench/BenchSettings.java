package io.herald.compose.bench;

import java.nio.file.Path;

/**
 * What {@code herald bench} runs.
 *
 * @param requests     requests in the router's throughput workload (the bare baselines use the same data)
 * @param endToEnd     notifications per end-to-end run (request topic → worker → sink)
 * @param runs         repeats of every throughput figure; the median is reported
 * @param criticalRate critical requests per second in the loaded latency phase
 * @param seconds      length of each latency phase
 * @param bulk         bulk backlog drained while critical latency is measured
 * @param partitions   partitions per topic
 * @param reportDir    where the Markdown and JSON reports go
 * @param latencyOnly  skip the throughput figures (a small workload still warms the router): for quick latency A/B runs
 * @param bulkPhases   which bulk drains run: the backlog routed first (waiting at the workers), queued at the router, or both
 */
public record BenchSettings(int requests, int endToEnd, int runs, int criticalRate, int seconds, int bulk, int partitions,
                            Path reportDir, boolean latencyOnly, BulkPhases bulkPhases) {
    /** Where the bulk backlog waits while critical latency is measured. */
    public enum BulkPhases {
        ROUTED, QUEUED, BOTH;

        boolean routed() {
            return this != QUEUED;
        }

        boolean queued() {
            return this != ROUTED;
        }
    }

    public BenchSettings {
        positive("requests", requests);
        positive("end-to-end", endToEnd);
        positive("runs", runs);
        positive("critical-rate", criticalRate);
        positive("seconds", seconds);
        if (bulk < 0) throw new IllegalArgumentException("--bulk must be 0 or more, was " + bulk);
        positive("partitions", partitions);
        if (bulkPhases == null) throw new IllegalArgumentException("--bulk-phases must be one of routed, queued, both");
    }

    private static void positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
    }
}
