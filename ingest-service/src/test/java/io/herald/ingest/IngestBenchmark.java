package io.herald.ingest;

import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.kafka.TopicNames;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.support.InProcessApi;
import io.herald.runtime.auth.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Load generator for accepted posts: an embedded broker, the real {@link IngestApp}, and N closed-loop
 * HTTP/1.1 clients posting valid notifications with unique Idempotency-Keys. Prints accepted
 * requests/s and latency percentiles of the 202s. Not a test; run with {@code ingest-service/bench.sh}.
 *
 * <p>Arguments ({@code seconds=0} serves until stdin closes, for wrk): {@code [seconds=20] [concurrency=32] [warmupSeconds=5] [registryUrl=mock://bench | memory]}; {@code memory} measures
 * the HTTP path with an in-memory write instead of Kafka.
 */
public final class IngestBenchmark {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String registry = args.length > 3 ? args[3] : "mock://bench";
        if (registry.equals("memory")) {
            // The HTTP path alone (routes, validation, idempotency) with an in-memory write: the ceiling without Kafka.
            try (InProcessApi api = InProcessApi.lenient()) {
                run(api.url(), concurrency, warmup, false);
                System.out.println("memory sink: " + run(api.url(), concurrency, seconds, true).report(seconds, concurrency));
            }
            System.exit(0);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            String requestTopic = TopicNames.unique("notify.request.v1");
            // The bench's notifications are critical: ingest writes them here (co-partitioned with the request topic).
            String criticalRequestTopic = TopicNames.unique("notify.request.critical.v1");
            String preferenceTopic = TopicNames.unique("notify.preference.v1");
            kafka.createTopics(List.of(new NewTopic(requestTopic, 6, (short) 1), new NewTopic(criticalRequestTopic, 6, (short) 1),
                    new NewTopic(preferenceTopic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("SCHEMA_REGISTRY_URL", registry);
            env.put("HERALD_INGEST_HOST", "127.0.0.1");
            env.put("HERALD_INGEST_PORT", "0");
            env.put("HERALD_INGEST_API_KEYS", "acme:acme-main:" + ApiKeys.hashOf(InProcessApi.ACME_KEY));
            env.put("HERALD_INGEST_REQUEST_TOPIC", requestTopic);
            env.put("HERALD_INGEST_CRITICAL_REQUEST_TOPIC", criticalRequestTopic);
            // Producer settings to try (e.g. HERALD_KAFKA_LINGER_MS=5) reach the service as they would in a deployment.
            System.getenv().forEach((name, value) -> {
                if (name.startsWith("HERALD_KAFKA_")) env.put(name, value);
            });
            env.put("HERALD_INGEST_PREFERENCE_TOPIC", preferenceTopic);
            env.put("HERALD_INGEST_RATE_PER_SECOND", "1000000");
            env.put("HERALD_INGEST_RATE_BURST", "1000000");
            env.put("HERALD_INGEST_IDEMPOTENCY_MAX_ENTRIES", "2000000");
            // BENCH_INSTANCES > 1 (serve mode): that many instances on the one broker, each behind its own wrk.
            int instances = Integer.parseInt(System.getenv().getOrDefault("BENCH_INSTANCES", "1"));
            List<IngestApp> apps = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) apps.add(new IngestApp(IngestConfig.fromEnv(env)).start());
                IngestApp app = apps.get(0);
                System.out.printf("ingest on %s, broker %s, %d clients%n", app.url(), kafka.bootstrapServers(), concurrency);
                if (seconds == 0) {
                    // Serve mode for an external load generator (wrk): run until stdin closes.
                    Snapshot ready = Snapshot.take(apps);
                    System.out.println("READY " + String.join(",", apps.stream().map(IngestApp::url).toList())
                            + " key " + InProcessApi.ACME_KEY);
                    System.out.flush();
                    // Each line on stdin marks the end of the warm-up (bench.sh writes one after it): the second
                    // figure then leaves out the warm-up and most of the JIT's work, the steadier A/B measure.
                    Snapshot mark = null;
                    for (int c; (c = System.in.read()) >= 0; ) {
                        if (c == '\n') mark = Snapshot.take(apps);
                    }
                    Snapshot end = Snapshot.take(apps);
                    double accepted = end.accepted() - ready.accepted();
                    long cpu = end.cpuMillis() - ready.cpuMillis();
                    System.out.printf("server+broker JVM: %.0f accepted, %d ms CPU, %.3f ms CPU per accepted request "
                            + "(=> ~%.0f req/s if it had both cores)%n", accepted, cpu, cpu / accepted,
                            2000 / (cpu / accepted));
                    if (mark != null) System.out.println(end.since(mark));
                    System.exit(0);
                }
                run(app.url(), concurrency, warmup, false);
                Result result = run(app.url(), concurrency, seconds, true);
                System.out.println(result.report(seconds, concurrency));
            } finally {
                for (IngestApp a : apps) a.close();
            }
        }
        // The HTTP clients' executors are not daemon threads.
        System.exit(0);
    }

    /** Process CPU, accepted count and GC totals at one moment of a serve-mode run. */
    record Snapshot(long cpuMillis, double accepted, long gcCount, long gcMillis, long jitMillis) {
        static Snapshot take(List<IngestApp> apps) {
            double accepted = 0;
            for (IngestApp a : apps) {
                var counter = a.metrics().registry().find("herald.ingest.notifications").tag("outcome", "accepted").counter();
                accepted += counter == null ? 0 : counter.count();
            }
            long gcCount = 0;
            long gcMillis = 0;
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            return new Snapshot(IngestBenchmark.cpuMillis(), accepted, gcCount, gcMillis, jitCpuMillis());
        }

        /**
         * CPU of the JIT's compiler threads (Linux: read from /proc; 0 elsewhere). On two busy cores C2 still takes a
         * quarter to a third of the process's CPU 40 s after start: a one-time cost that a short run spreads over its
         * requests, more of it the slower the run, so builds are compared without it.
         */
        static long jitCpuMillis() {
            long ticks = 0;
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            if (tasks == null) return 0;
            for (java.io.File task : tasks) {
                try {
                    String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (!name.contains("CompilerThre")) continue;
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (java.io.IOException | RuntimeException gone) {
                    // A thread that ended meanwhile.
                }
            }
            return ticks * 10;  // USER_HZ is 100 on Linux
        }

        String since(Snapshot start) {
            double accepted = this.accepted - start.accepted;
            long cpu = cpuMillis - start.cpuMillis;
            long jit = jitMillis - start.jitMillis;
            return String.format("measured window (after warm-up): %.0f accepted, %d ms CPU, %.3f ms CPU per accepted "
                            + "request; %d GCs (%.1f per 10k accepted), %d ms in GC; JIT compilers %d ms CPU, "
                            + "%.3f ms CPU per accepted request without them", accepted, cpu, cpu / accepted,
                    gcCount - start.gcCount, (gcCount - start.gcCount) * 10_000 / accepted, gcMillis - start.gcMillis,
                    jit, (cpu - jit) / accepted);
        }
    }

    record Result(long accepted, long other, long[] latenciesMicros) {
        String report(int seconds, int concurrency) {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return String.format("accepted=%d other=%d over %ds with %d clients: %.0f accepted req/s; latency ms p50=%.2f "
                            + "p90=%.2f p99=%.2f p99.9=%.2f max=%.2f",
                    accepted, other, seconds, concurrency, accepted / (double) seconds, pct(sorted, 50), pct(sorted, 90),
                    pct(sorted, 99), pct(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) return 0;
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }

    /** CPU time this JVM used (server, client and, unless "memory", the broker), to tell load from starvation. */
    static long cpuMillis() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1_000_000;
    }

    private static Result run(String url, int concurrency, int seconds, boolean record) throws Exception {
        long cpuBefore = cpuMillis();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        byte[] body = Bodies.otp().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicLong accepted = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/notifications"))
                            .header("Authorization", "Bearer " + InProcessApi.ACME_KEY)
                            .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long start = System.nanoTime();
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    long took = (System.nanoTime() - start) / 1000;
                    if (response.statusCode() == 202) {
                        accepted.incrementAndGet();
                        if (record) {
                            if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
                            latencies[n++] = took;
                        }
                    } else {
                        other.incrementAndGet();
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> worker : workers) all.add(worker.get());
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
        long cpu = cpuMillis() - cpuBefore;
        if (record) {
            System.out.printf("JVM CPU %d ms in %d s (%.0f%% of one core), %.2f ms CPU per request, %d cores visible%n", cpu,
                    seconds, cpu / (seconds * 10.0), cpu / (double) Math.max(1, accepted.get() + other.get()),
                    Runtime.getRuntime().availableProcessors());
        }
        return new Result(accepted.get(), other.get(), merged);
    }
}
