package io.herald.compose.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Pure arithmetic of the benchmark: nearest-rank percentiles, medians of repeated runs, ratios. */
public final class Stats {
    private Stats() {
    }

    /** Nearest-rank percentile ({@code p} in 0..1) of {@code values}; -1 when there are none. */
    public static long percentile(Collection<Long> values, double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("percentile must be in 0..1, was " + p);
        if (values.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Median of repeated measurements (mean of the middle two for an even count); NaN when there are none. */
    public static double median(List<Double> runs) {
        if (runs.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code a / b}, or NaN when {@code b} is not a positive number (no baseline, no ratio). */
    public static double ratio(double a, double b) {
        return b > 0 && !Double.isNaN(a) ? a / b : Double.NaN;
    }
}
