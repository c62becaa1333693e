package io.herald.compose.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald bench}: the whole pipeline's throughput ratios and critical latency, in one run on one embedded broker. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures, in one run on one embedded broker: raw Kafka produce+consume, the bare Streams dedup baseline,",
                "the router (exactly-once) and their ratio; end-to-end notifications/s to a no-op provider and to the local SMTP",
                "sink against a bare pooled SMTP sender; latency per lane; critical p50/p99 idle, at a rate and during a bulk drain;",
                "JVM heap high-water. Writes a Markdown table and JSON. A program, not a test: the machine's load shows in every figure."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--requests", defaultValue = "100000", description = "requests in the router throughput workload (default ${DEFAULT-VALUE})")
    int requests;
    @Option(names = "--end-to-end", defaultValue = "20000", description = "notifications per end-to-end run (default ${DEFAULT-VALUE})")
    int endToEnd;
    @Option(names = "--runs", defaultValue = "3", description = "repeats of each throughput figure; the median is reported (default ${DEFAULT-VALUE})")
    int runs;
    @Option(names = "--critical-rate", defaultValue = "500", description = "critical requests/s in the loaded latency phase (default ${DEFAULT-VALUE})")
    int criticalRate;
    @Option(names = "--seconds", defaultValue = "10", description = "length of each latency phase (default ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--bulk", defaultValue = "100000", description = "bulk backlog drained during the last latency phase; 0 skips it (default ${DEFAULT-VALUE})")
    int bulk;
    @Option(names = "--bulk-phases", defaultValue = "both", converter = BulkPhasesConverter.class,
            description = "which bulk drains run: routed (the backlog waits at the workers), queued (at the router) or both (default ${DEFAULT-VALUE})")
    BenchSettings.BulkPhases bulkPhases;
    @Option(names = "--partitions", defaultValue = "3", description = "partitions per topic (default ${DEFAULT-VALUE})")
    int partitions;
    @Option(names = "--latency-only", description = "only the latency phases (the router drains a small warm-up workload first)")
    boolean latencyOnly;
    @Option(names = "--report-dir", defaultValue = "target/herald-bench", description = "where bench.md and bench.json go (default ${DEFAULT-VALUE})")
    Path reportDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSettings settings;
        try {
            settings = new BenchSettings(requests, endToEnd, runs, criticalRate, seconds, bulk, partitions, reportDir, latencyOnly, bulkPhases);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        BenchReport report;
        try (PipelineBench bench = new PipelineBench(settings, err)) {
            report = bench.run();
        }
        Files.createDirectories(reportDir);
        String markdown = report.toMarkdown();
        Files.writeString(reportDir.resolve("bench.md"), markdown);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reportDir.resolve("bench.json").toFile(), report.toMap());
        out.println(markdown);
        out.println("Report: " + reportDir.resolve("bench.json").toAbsolutePath());
        out.flush();
        return 0;
    }

    /** {@code routed}, {@code queued} or {@code both}, in any case; anything else is named in picocli's usage error. */
    static final class BulkPhasesConverter implements picocli.CommandLine.ITypeConverter<BenchSettings.BulkPhases> {
        @Override
        public BenchSettings.BulkPhases convert(String value) {
            try {
                return BenchSettings.BulkPhases.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--bulk-phases must be routed, queued or both, was '" + value + "'");
            }
        }
    }
}
