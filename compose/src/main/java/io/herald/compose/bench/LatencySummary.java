package io.herald.compose.bench;

import java.util.Collection;

/** Percentiles of one set of latencies in milliseconds; {@code count} of samples, -1 for a missing figure. */
public record LatencySummary(int count, long p50, long p90, long p99, long max) {

    public static LatencySummary of(Collection<Long> millis) {
        return new LatencySummary(millis.size(), Stats.percentile(millis, 0.50), Stats.percentile(millis, 0.90),
                Stats.percentile(millis, 0.99), Stats.percentile(millis, 1.0));
    }
}
