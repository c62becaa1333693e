package io.herald.replay.it;

import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.engine.ReplayListener;
import io.herald.replay.engine.ReplayRun;
import io.herald.replay.engine.ReplaySpec;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunStore;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import io.herald.replay.select.ReplayFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Planned vs delivered replay rates on the embedded broker (not a test). Run with
 * {@code mvn -q -o -pl replay-tool test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.herald.replay.it.ReplayBenchmark}.
 * Uses the in-memory registry: the registry is only consulted once per schema and does not pace anything.
 */
public final class ReplayBenchmark {
    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            SchemaRegistryEndpoint registry = new SchemaRegistryEndpoint() {
                @Override
                public String url() {
                    return "mock://replay-benchmark";
                }

                @Override
                public String confluentApiUrl() {
                    return url();
                }
            };
            System.out.println("| pace | records | delivered rate (arrival) | deviation | wall time | copies (distinct / total) |");
            System.out.println("|---|---|---|---|---|---|");
            for (int rate : List.of(200, 1000, 2000, 5000)) {
                int records = Math.min(50_000, rate * 10);
                measure(kafka, registry, PaceParser.rate(rate + "/s"), rate, records);
            }
            measure(kafka, registry, new Pace.Unlimited(), 0, 50_000);
            waves(kafka, registry);
        }
    }

    private static void measure(EmbeddedKafka kafka, SchemaRegistryEndpoint registry, Pace pace, double planned, int records)
            throws Exception {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String parked = fx.topic("notify.parked.email.v1.bench", 3);
        String target = fx.topic("notify.replay.v1.bench", 3);
        String runs = fx.compacted("notify.replay-runs.v1.bench");
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", records, Instant.now()));
        long start = System.nanoTime();
        try (ArrivalRecorder arrivals = new ArrivalRecorder(fx.clients, target)) {
            ReplaySpec spec = ReplaySpec.of("bench-" + fx.id, parked, target, ReplayFilter.ALL, pace);
            new ReplayRun(fx.clients, new RunStore(fx.clients, runs), spec, ReplayGate.OPEN, ReplayListener.NONE, Clock.systemUTC()).call();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (arrivals.count() < records && System.nanoTime() < deadline) Thread.onSpinWait();
            double measured = arrivals.ratePerSecond();
            double wall = (System.nanoTime() - start) / 1e9;
            var copies = fx.countByKey(target);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f/s | %s | %.1f s | %d / %d |%n", pace, records, measured,
                    planned == 0 ? "-" : String.format(Locale.ROOT, "%+.2f%%", (measured / planned - 1) * 100), wall,
                    copies.size(), copies.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    private static void waves(EmbeddedKafka kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String parked = fx.topic("notify.parked.email.v1.bench", 3);
        String target = fx.topic("notify.replay.v1.bench", 3);
        String runs = fx.compacted("notify.replay-runs.v1.bench");
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 10_000, Instant.now()));
        ReplaySpec spec = ReplaySpec.of("bench-waves-" + fx.id, parked, target, ReplayFilter.ALL, PaceParser.waves("10%/2s"));
        RunRecord run = new ReplayRun(fx.clients, new RunStore(fx.clients, runs), spec, ReplayGate.OPEN, ReplayListener.NONE,
                Clock.systemUTC()).call();
        var records = fx.readAll(target);
        List<Long> times = records.stream().map(r -> r.timestamp()).sorted().toList();
        System.out.printf(Locale.ROOT, "%nwaves 10%%/2s of 10000: %s, %d waves, steps %s, first→last record %.2f s (plan 18 s + last wave)%n",
                run.state(), run.waves(), ReplayEngineIT.steps(records, 800),
                (times.get(times.size() - 1) - times.get(0)) / 1000.0);
    }
}
