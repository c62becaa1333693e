package io.herald.analytics.bench;

import io.herald.analytics.report.Filter;
import io.herald.analytics.report.QueryRunner;
import io.herald.analytics.report.Report;
import io.herald.analytics.report.ReportService;
import io.herald.analytics.report.Reports;
import io.herald.analytics.sink.Decoder;
import io.herald.analytics.store.AnalyticsStore;
import io.herald.analytics.store.Batch;
import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sink throughput and report times over a generated outcome log. Not a test: a program.
 *
 * <p>The sink's path per record is measured as it runs in {@code AnalyticsSink}: Avro decode of the Confluent
 * wire format → row → appender batch of 5,000 → {@code INSERT OR IGNORE} → DuckDB commit. Kafka itself is left
 * out (the consumer fetches far faster than this path). Each throughput run fills a fresh DuckDB file; its figure
 * is outcomes per second over the whole run. The reports are then timed (median of 3) on one file of the full size.
 *
 * <p>Arguments: outcomes for the report timings (default 10,000,000), outcomes per throughput run (default
 * 1,000,000), throughput runs (default 3), work dir.
 */
public final class AnalyticsBenchmark {
    private static final int BATCH = 5_000;
    private static long storeNanos;
    private static final String[] PROVIDERS = {"smtp-primary", "smtp-secondary", "twilio"};

    private AnalyticsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long reportOutcomes = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long runOutcomes = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Path.of(args.length > 3 ? args[3] : "target/analytics-bench");
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "analytics benchmark: sink %d x %,d outcomes, reports over %,d; load average %.2f, %d cores, java %s%n",
                runs, runOutcomes, reportOutcomes, load(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            Path db = work.resolve("run-" + run + ".duckdb");
            deleteDb(db);
            rates[run] = fill(db, work.resolve("exports"), runOutcomes);
            System.out.printf(Locale.ROOT, "run %d: %,.0f outcomes/s into DuckDB (load average %.2f)%n", run + 1, rates[run], load());
            deleteDb(db);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "sink: median %,.0f outcomes/s (range %,.0f-%,.0f)%n", sorted[runs / 2], sorted[0], sorted[runs - 1]);
        Path big = work.resolve("reports.duckdb");
        deleteDb(big);
        double rate = fill(big, work.resolve("exports"), reportOutcomes);
        System.out.printf(Locale.ROOT, "filled %,d outcomes for the reports at %,.0f outcomes/s (load average %.2f); file %,d MiB%n",
                reportOutcomes, rate, load(), Files.size(big) / (1 << 20));
        reports(big, work.resolve("exports"));
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Fills a fresh store the way the sink does; returns outcomes per second. */
    private static double fill(Path db, Path exports, long outcomes) {
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of("mock://analytics-bench")));
        Serializer<DeliveryOutcome> outSer = topics.outcome().valueSerde().serializer();
        Deserializer<DeliveryOutcome> outDe = topics.outcome().valueSerde().deserializer();
        Serializer<NotificationRequest> reqSer = topics.request().valueSerde().serializer();
        Deserializer<NotificationRequest> reqDe = topics.request().valueSerde().deserializer();
        Generator generator = new Generator(Instant.parse("2026-11-29T00:00:00Z"));
        long written = 0;
        long nanos = 0;
        storeNanos = 0;
        try (AnalyticsStore store = AnalyticsStore.open(db, exports)) {
            Batch batch = new Batch();
            long offset = 0;
            List<DeliveryOutcome> events = new ArrayList<>();
            while (written < outcomes) {
                NotificationRequest request = generator.next(events);
                // Serializing is the producer's work: outside the timed section.
                byte[] requestBytes = reqSer.serialize("notify.request.v1", request);
                List<byte[]> eventBytes = new ArrayList<>(events.size());
                for (DeliveryOutcome e : events) eventBytes.add(outSer.serialize("notify.outcome.v1", e));
                long start = System.nanoTime();
                batch.add(Decoder.accepted(reqDe.deserialize("notify.request.v1", requestBytes), generator.acceptedAt, 0, offset));
                for (byte[] bytes : eventBytes) batch.add(Decoder.outcome(outDe.deserialize("notify.outcome.v1", bytes), 0, offset++));
                if (batch.size() >= BATCH) {
                    long w = System.nanoTime();
                    store.write(batch);
                    storeNanos += System.nanoTime() - w;
                    batch.clear();
                }
                nanos += System.nanoTime() - start;
                written += events.size();
            }
            long start = System.nanoTime();
            for (ProviderHealth h : generator.health()) batch.add(Decoder.health(h, 0, offset++));
            store.write(batch);
            nanos += System.nanoTime() - start;
        }
        System.out.printf(Locale.ROOT, "  of which DuckDB batches: %.1f s of %.1f s%n", storeNanos / 1e9, nanos / 1e9);
        return written / (nanos / 1e9);
    }

    private static void reports(Path db, Path exports) {
        try (AnalyticsStore store = AnalyticsStore.open(db, exports);
             QueryRunner runner = new QueryRunner(store, Duration.ofMinutes(30))) {
            ReportService service = new ReportService(runner, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC),
                    Duration.ofMinutes(15));
            System.out.println("report times over the whole range (median of 3, ms; rows returned):");
            for (Report report : Reports.all()) {
                long[] ms = new long[3];
                int rows = 0;
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    rows = service.run(report, Filter.all()).rows().size();
                    ms[i] = (System.nanoTime() - start) / 1_000_000;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "  %-24s %,7d ms  (range %,d–%,d; %,d rows)%n", report.name(), ms[1], ms[0], ms[2], rows);
            }
        }
    }

    private static void deleteDb(Path db) throws IOException {
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
    }

    /**
     * A day of traffic: per notification, ROUTED then mostly SENT; some deferred and failed over, some parked
     * and replayed, a few expired or failed. Spread evenly over 24 hours; 20 tenants, three lanes.
     */
    private static final class Generator {
        private final SplittableRandom random = new SplittableRandom(42);
        private final Instant start;
        private long n;
        Instant acceptedAt;

        Generator(Instant start) {
            this.start = start;
        }

        NotificationRequest next(List<DeliveryOutcome> events) {
            events.clear();
            long i = n++;
            String tenant = "tenant-" + (i % 20);
            Priority lane = Priority.values()[(int) (i % 3)];
            acceptedAt = start.plusMillis(i * 30L); // ~2.9M notifications a day
            NotificationRequest request = NotificationRequest.newBuilder(Samples.otp(tenant, "k" + i, acceptedAt))
                    .setNotificationId("n-" + i).setPriority(lane).setChannels(List.of(Channel.EMAIL)).build();
            String id = request.getNotificationId();
            Instant t = acceptedAt.plusMillis(5);
            events.add(event(id, tenant, lane, t, OutcomeStatus.ROUTED, null, null, null));
            int roll = random.nextInt(100);
            String provider = PROVIDERS[random.nextInt(2)];
            if (roll < 88) {
                events.add(event(id, tenant, lane, t.plusMillis(200 + random.nextInt(3000)), OutcomeStatus.SENT, provider, "250 2.0.0", null));
            } else if (roll < 94) {
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.DEFERRED, "smtp-primary", "451 4.3.2", ErrorClass.TRANSIENT));
                events.add(event(id, tenant, lane, t.plusMillis(400), OutcomeStatus.FAILED_OVER, "smtp-primary", "451 4.3.2", null));
                events.add(event(id, tenant, lane, t.plusMillis(900), OutcomeStatus.SENT, "smtp-secondary", "250 OK", null));
            } else if (roll < 97) {
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.PARKED, null, null, null));
                events.add(event(id, tenant, lane, t.plusSeconds(600), OutcomeStatus.REPLAYED, null, null, null));
                events.add(event(id, tenant, lane, t.plusSeconds(601), OutcomeStatus.SENT, provider, "250 2.0.0", null));
            } else if (roll < 99) {
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.EXPIRED, null, null, null));
            } else {
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.FAILED, provider, "550 5.1.1", ErrorClass.PERMANENT));
            }
            return request;
        }

        private DeliveryOutcome event(String id, String tenant, Priority lane, Instant at, OutcomeStatus status, String provider,
                                      String code, ErrorClass errorClass) {
            return DeliveryOutcome.newBuilder().setEventId(id + "-" + status.ordinal() + "-" + at.toEpochMilli())
                    .setNotificationId(id).setTenantId(tenant).setAt(at).setStage(provider == null ? Stage.ROUTER : Stage.WORKER)
                    .setStatus(status).setChannel(Channel.EMAIL).setLane(lane).setCategory("otp").setProvider(provider)
                    .setAttempt(provider == null ? 0 : 1).setErrorClass(errorClass).setProviderCode(code)
                    .setLatencyMs(provider == null ? null : 120L).build();
        }

        /** An outage of smtp-primary every six hours: DOWN, HALF_OPEN, HEALTHY. */
        List<ProviderHealth> health() {
            List<ProviderHealth> list = new ArrayList<>();
            for (int h = 1; h < 24; h += 6) {
                Instant down = start.plus(Duration.ofHours(h));
                list.add(health(HealthState.DOWN, HealthState.HEALTHY, down));
                list.add(health(HealthState.HALF_OPEN, HealthState.DOWN, down.plusSeconds(300)));
                list.add(health(HealthState.HEALTHY, HealthState.HALF_OPEN, down.plusSeconds(330)));
            }
            return list;
        }

        private ProviderHealth health(HealthState state, HealthState previous, Instant since) {
            return ProviderHealth.newBuilder().setProviderId("smtp-primary").setChannel(Channel.EMAIL).setState(state)
                    .setPreviousState(previous).setSince(since).setReason("bench").setSource(HealthSource.OBSERVED).build();
        }
    }
}
