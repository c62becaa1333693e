package io.herald.compose.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code herald bench} run measured. Throughputs are lists of runs (the median is reported),
 * latencies are percentiles per phase/lane, heap is the JVM's high-water per phase, load is the
 * one-minute load average when each phase began (the machine is shared: read every figure with it).
 */
public final class BenchReport {
    /** One throughput figure: the rate of each run in units/s. */
    public record Rate(String name, String unit, String settings, List<Double> runs, double loadAverage) {
        public double median() {
            return Stats.median(runs);
        }
    }

    /** One latency figure. */
    public record Latency(String name, String settings, LatencySummary summary, double loadAverage) {
    }

    /**
     * The JVM heap over a phase: the heap pools' peaks summed (an upper bound of what was in use), the maximum heap, and
     * the collections it took: {@code gcMillis} of the phase's {@code phaseMillis} (G1 counts its concurrent cycles' pauses).
     */
    public record Heap(long highWaterBytes, long maxBytes, long collections, long gcMillis, long phaseMillis) {
        public double gcShare() {
            return phaseMillis <= 0 ? 0 : (double) gcMillis / phaseMillis;
        }
    }

    /** The router's shared RocksDB cache (blocks and the memtables charged to it) at its fullest in a phase, and its bound. */
    public record RocksDb(long peakBytes, long pinnedPeakBytes, long capacityBytes) {
        public boolean withinBound() {
            return peakBytes <= capacityBytes;
        }
    }

    /** One ratio between two rates (by name), with the target it is held to. */
    public record Ratio(String name, String numerator, String denominator, double target) {
    }

    private final Map<String, Object> context = new LinkedHashMap<>();
    private final Map<String, Rate> rates = new LinkedHashMap<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<Latency> latencies = new ArrayList<>();
    private final Map<String, Heap> heapHighWater = new LinkedHashMap<>();
    private final Map<String, RocksDb> rocksDb = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public void context(String key, Object value) {
        context.put(key, value);
    }

    public void rate(Rate rate) {
        rates.put(rate.name(), rate);
    }

    public void ratio(Ratio ratio) {
        ratios.add(ratio);
    }

    public void latency(Latency latency) {
        latencies.add(latency);
    }

    public void heap(String phase, Heap heap) {
        heapHighWater.put(phase, heap);
    }

    public void rocksDb(String phase, RocksDb usage) {
        rocksDb.put(phase, usage);
    }

    public void note(String note) {
        notes.add(note);
    }

    public double ratioValue(Ratio r) {
        Rate a = rates.get(r.numerator());
        Rate b = rates.get(r.denominator());
        return a == null || b == null ? Double.NaN : Stats.ratio(a.median(), b.median());
    }

    /** The report as plain data for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("context", context);
        List<Map<String, Object>> r = new ArrayList<>();
        rates.values().forEach(x -> r.add(Map.of("name", x.name(), "unit", x.unit(), "settings", x.settings(), "runs", x.runs(),
                "median", x.median(), "loadAverage", x.loadAverage())));
        m.put("rates", r);
        List<Map<String, Object>> q = new ArrayList<>();
        ratios.forEach(x -> q.add(Map.of("name", x.name(), "numerator", x.numerator(), "denominator", x.denominator(),
                "value", nanToNull(ratioValue(x)), "target", x.target())));
        m.put("ratios", q);
        List<Map<String, Object>> l = new ArrayList<>();
        latencies.forEach(x -> l.add(Map.of("name", x.name(), "settings", x.settings(), "count", x.summary().count(),
                "p50Ms", x.summary().p50(), "p90Ms", x.summary().p90(), "p99Ms", x.summary().p99(), "maxMs", x.summary().max(),
                "loadAverage", x.loadAverage())));
        m.put("latencies", l);
        Map<String, Object> heap = new LinkedHashMap<>();
        heapHighWater.forEach((k, v) -> heap.put(k, Map.of("highWaterBytes", v.highWaterBytes(), "maxBytes", v.maxBytes(),
                "collections", v.collections(), "gcMillis", v.gcMillis(), "phaseMillis", v.phaseMillis())));
        m.put("heap", heap);
        Map<String, Object> rocks = new LinkedHashMap<>();
        rocksDb.forEach((k, v) -> rocks.put(k, Map.of("peakBytes", v.peakBytes(), "pinnedPeakBytes", v.pinnedPeakBytes(),
                "capacityBytes", v.capacityBytes(), "withinBound", v.withinBound())));
        m.put("rocksDbCache", rocks);
        m.put("notes", notes);
        return m;
    }

    private static Object nanToNull(double v) {
        return Double.isNaN(v) ? "n/a" : v;
    }

    /** The report as Markdown tables. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# herald bench\n\n");
        context.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| throughput | median | runs | load avg | settings |\n|---|---|---|---|---|\n");
        for (Rate x : rates.values()) {
            md.append("| ").append(x.name()).append(" | ").append(fmt(x.median())).append(' ').append(x.unit()).append(" | ");
            List<String> runs = new ArrayList<>();
            x.runs().forEach(v -> runs.add(fmt(v)));
            md.append(String.join(", ", runs)).append(" | ").append(String.format(Locale.ROOT, "%.1f", x.loadAverage()))
                    .append(" | ").append(x.settings()).append(" |\n");
        }
        md.append("\n| ratio | value | target | met |\n|---|---|---|---|\n");
        for (Ratio x : ratios) {
            double v = ratioValue(x);
            md.append("| ").append(x.name()).append(" | ").append(Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f×", v))
                    .append(" | ≥ ").append(String.format(Locale.ROOT, "%.2f×", x.target())).append(" | ")
                    .append(Double.isNaN(v) ? "n/a" : v >= x.target() ? "yes" : "no").append(" |\n");
        }
        md.append("\n| latency (ms) | n | p50 | p90 | p99 | max | load avg | settings |\n|---|---|---|---|---|---|---|---|\n");
        for (Latency x : latencies) {
            LatencySummary s = x.summary();
            md.append("| ").append(x.name()).append(" | ").append(s.count()).append(" | ").append(s.p50()).append(" | ").append(s.p90())
                    .append(" | ").append(s.p99()).append(" | ").append(s.max()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", x.loadAverage())).append(" | ").append(x.settings()).append(" |\n");
        }
        md.append("\n| phase | JVM heap high-water | max heap | collections | GC time (share of the phase) |\n|---|---|---|---|---|\n");
        heapHighWater.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.highWaterBytes() / (1024 * 1024)).append(" MiB | ")
                .append(v.maxBytes() / (1024 * 1024)).append(" MiB | ").append(v.collections()).append(" | ")
                .append(String.format(Locale.ROOT, "%,d ms (%.1f%%)", v.gcMillis(), 100 * v.gcShare())).append(" |\n"));
        if (!rocksDb.isEmpty()) {
            md.append("\n| phase | router RocksDB cache high-water (blocks + memtables) | of it pinned | configured bound | within |\n|---|---|---|---|---|\n");
            rocksDb.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(mib(v.peakBytes())).append(" | ")
                    .append(mib(v.pinnedPeakBytes())).append(" | ").append(mib(v.capacityBytes())).append(" | ")
                    .append(v.withinBound() ? "yes" : "no").append(" |\n"));
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
