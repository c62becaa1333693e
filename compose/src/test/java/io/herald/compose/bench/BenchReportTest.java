package io.herald.compose.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static BenchReport report() {
        BenchReport report = new BenchReport();
        report.context("load average at start", "3.10");
        report.rate(new BenchReport.Rate("bare", "rec/s", "same data", List.of(40_000.0, 38_000.0, 41_000.0), 2.5));
        report.rate(new BenchReport.Rate("router", "rec/s", "same data", List.of(12_000.0, 10_000.0, 11_000.0), 2.5));
        report.ratio(new BenchReport.Ratio("router / bare", "router", "bare", 0.8));
        report.ratio(new BenchReport.Ratio("missing / bare", "missing", "bare", 0.4));
        report.latency(new BenchReport.Latency("critical, idle", "produced → SENT", LatencySummary.of(List.of(10L, 20L, 30L)), 1.0));
        report.heap("end to end", new BenchReport.Heap(300L * 1024 * 1024, 512L * 1024 * 1024, 40, 1_250, 50_000));
        report.rocksDb("bulk drain", new BenchReport.RocksDb(48L * 1024 * 1024, 2L * 1024 * 1024, 64L * 1024 * 1024));
        report.rocksDb("overfull", new BenchReport.RocksDb(65L * 1024 * 1024, 0, 64L * 1024 * 1024));
        return report;
    }

    @Test
    void ratios_compare_the_medians_of_the_runs() {
        BenchReport r = report();
        // 11,000 / 40,000, not the ratio of any single pair of runs.
        assertThat(r.ratioValue(new BenchReport.Ratio("router / bare", "router", "bare", 0.8))).isEqualTo(0.275);
        assertThat(r.ratioValue(new BenchReport.Ratio("missing / bare", "missing", "bare", 0.4))).isNaN();
    }

    @Test
    void the_markdown_shows_medians_runs_load_ratios_against_targets_and_heap() {
        String md = report().toMarkdown();
        assertThat(md).contains("| router | 11,000 rec/s | 12,000, 10,000, 11,000 | 2.5 | same data |")
                .contains("| router / bare | 0.28× | ≥ 0.80× | no |")
                .contains("| missing / bare | n/a | ≥ 0.40× | n/a |")
                .contains("| critical, idle | 3 | 20 | 30 | 30 | 30 | 1.0 | produced → SENT |")
                .contains("| end to end | 300 MiB | 512 MiB | 40 | 1,250 ms (2.5%) |")
                .contains("load average at start: 3.10");
    }

    @Test
    void the_markdown_holds_the_rocksdb_cache_peak_against_its_bound() {
        String md = report().toMarkdown();
        assertThat(md).contains("| bulk drain | 48.0 MiB | 2.0 MiB | 64.0 MiB | yes |")
                .contains("| overfull | 65.0 MiB | 0.0 MiB | 64.0 MiB | no |");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_json_holds_the_same_figures() {
        Map<String, Object> m = report().toMap();
        List<Map<String, Object>> rates = (List<Map<String, Object>>) m.get("rates");
        assertThat(rates).extracting(x -> x.get("median")).containsExactly(40_000.0, 11_000.0);
        List<Map<String, Object>> ratios = (List<Map<String, Object>>) m.get("ratios");
        assertThat(ratios).extracting(x -> x.get("value")).containsExactly(0.275, "n/a");
        Map<String, Map<String, Object>> heap = (Map<String, Map<String, Object>>) m.get("heap");
        assertThat(heap.get("end to end")).containsEntry("highWaterBytes", 300L * 1024 * 1024).containsEntry("gcMillis", 1_250L)
                .containsEntry("phaseMillis", 50_000L);
        Map<String, Map<String, Object>> rocks = (Map<String, Map<String, Object>>) m.get("rocksDbCache");
        assertThat(rocks.get("bulk drain")).containsEntry("peakBytes", 48L * 1024 * 1024).containsEntry("withinBound", true);
        assertThat(rocks.get("overfull")).containsEntry("withinBound", false);
    }
}
