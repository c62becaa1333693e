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
import java.util.ArrayDeque;
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
 * wire format → row → appender batch of 5,000 → the idempotent move into the tables → DuckDB commit. Kafka itself is left
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
        if (args.length > 0 && args[0].equals("reports-only")) {
            // Times the reports on an existing file (e.g. one whose fill was stopped): reports-only FILE
            Path file = Path.of(args[1]);
            System.out.printf(Locale.ROOT, "reports over %s; load average %s%n", file, load());
            reports(file, file.toAbsolutePath().getParent().resolve("exports"));
            return;
        }
        long reportOutcomes = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long runOutcomes = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Path.of(args.length > 3 ? args[3] : "target/analytics-bench");
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "analytics benchmark: sink %d x %,d outcomes, reports over %,d; load average %s, %d cores, java %s%n",
                runs, runOutcomes, reportOutcomes, load(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            Path db = work.resolve("run-" + run + ".duckdb");
            deleteDb(db);
            rates[run] = fill(db, work.resolve("exports"), runOutcomes);
            System.out.printf(Locale.ROOT, "run %d: %,.0f outcomes/s into DuckDB (load average %s)%n", run + 1, rates[run], load());
            deleteDb(db);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "sink: median %,.0f outcomes/s (range %,.0f-%,.0f)%n", sorted[runs / 2], sorted[0], sorted[runs - 1]);
        Path big = work.resolve("reports.duckdb");
        deleteDb(big);
        double rate = fill(big, work.resolve("exports"), reportOutcomes);
        System.out.printf(Locale.ROOT, "filled %,d outcomes for the reports at %,.0f outcomes/s (load average %s); file %,d MiB%n",
                reportOutcomes, rate, load(), Files.size(big) / (1 << 20));
        reports(big, work.resolve("exports"));
    }

    /** The 1, 5 and 15 minute load averages ({@code uptime}'s), or the JVM's 1 minute figure where /proc is absent. */
    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Fills a fresh store the way the sink does; returns outcomes per second. */
    private static double fill(Path db, Path exports, long outcomes) {
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of("mock://analytics-bench")));
        Serializer<DeliveryOutcome> outSer = topics.outcome().valueSerde().serializer();
        Deserializer<DeliveryOutcome> outDe = topics.outcome().valueSerde().deserializer();
        Serializer<NotificationRequest> reqSer = topics.request().valueSerde().serializer();
        Deserializer<NotificationRequest> reqDe = topics.request().valueSerde().deserializer();
        Serializer<ProviderHealth> healthSer = topics.providerHealth().valueSerde().serializer();
        Deserializer<ProviderHealth> healthDe = topics.providerHealth().valueSerde().deserializer();
        Generator generator = new Generator(Instant.parse("2026-11-29T00:00:00Z"));
        long written = 0;
        long nanos = 0;
        storeNanos = 0;
        try (AnalyticsStore store = AnalyticsStore.open(db, exports)) {
            Batch batch = new Batch();
            long offset = 0;
            long healthOffset = 0;
            List<DeliveryOutcome> events = new ArrayList<>();
            while (written < outcomes) {
                NotificationRequest request = generator.next(events);
                // Serializing is the producer's work: outside the timed section.
                byte[] requestBytes = reqSer.serialize("notify.request.v1", request);
                List<byte[]> eventBytes = new ArrayList<>(events.size());
                for (DeliveryOutcome e : events) eventBytes.add(outSer.serialize("notify.outcome.v1", e));
                List<byte[]> healthBytes = new ArrayList<>();
                for (ProviderHealth h : generator.healthUpTo()) healthBytes.add(healthSer.serialize("notify.provider-health.v1", h));
                long start = System.nanoTime();
                batch.add(Decoder.accepted(reqDe.deserialize("notify.request.v1", requestBytes), generator.acceptedAt, 0, offset));
                for (byte[] bytes : eventBytes) batch.add(Decoder.outcome(outDe.deserialize("notify.outcome.v1", bytes), 0, offset++));
                for (byte[] bytes : healthBytes) batch.add(Decoder.health(healthDe.deserialize("notify.provider-health.v1", bytes), 0, healthOffset++));
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
            System.out.printf(Locale.ROOT, "%,d outcomes, %,d accepted, %,d health transitions; load average %s; "
                            + "report times over the whole range (median of 3, ms; rows returned):%n",
                    (Long) service.runSql("SELECT count(*) AS n FROM outcomes").value(0, "n"),
                    (Long) service.runSql("SELECT count(*) AS n FROM accepted").value(0, "n"),
                    (Long) service.runSql("SELECT count(*) AS n FROM health").value(0, "n"), load());
            for (Report report : Reports.all()) {
                long[] ms = new long[3];
                int rows = 0;
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    rows = service.run(report, Filter.all()).rows().size();
                    ms[i] = (System.nanoTime() - start) / 1_000_000;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "  %-24s %,7d ms  (range %,d–%,d; %,d rows; load average %s)%n",
                        report.name(), ms[1], ms[0], ms[2], rows, load());
            }
        }
    }

    private static void deleteDb(Path db) throws IOException {
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
    }

    /**
     * Generated traffic: a notification every 30 ms, ROUTED then mostly SENT; some deferred and failed over,
     * some parked and replayed, a few expired or failed; 20 tenants, three lanes. On top of that, an email
     * provider outage every three hours ({@link Incident}): while it lasts, attempts on the failing provider
     * are answered {@code 451 4.3.2} and failed over until the provider is DOWN, then routed to the other
     * provider; its health transitions (DEGRADED, DOWN, half-open probes that fail while the outage lasts,
     * HEALTHY) are interleaved with the outcomes in time order, as the sink sees the two topics.
     */
    static final class Generator {
        private final SplittableRandom random = new SplittableRandom(42);
        private final Instant start;
        private final List<ProviderHealth> pendingHealth = new ArrayList<>();
        /** The transitions of the current incident not yet emitted (incidents do not overlap). */
        private final ArrayDeque<ProviderHealth> queuedHealth = new ArrayDeque<>();
        private Incident incident;
        private long n;
        Instant acceptedAt;

        Generator(Instant start) {
            this.start = start;
            this.incident = Incident.number(0, start);
            queuedHealth.addAll(incident.transitions());
        }

        NotificationRequest next(List<DeliveryOutcome> events) {
            events.clear();
            long i = n++;
            String tenant = "tenant-" + (i % 20);
            Priority lane = Priority.values()[(int) (i % 3)];
            acceptedAt = start.plusMillis(i * 30L);
            while (!acceptedAt.isBefore(incident.over()) && queuedHealth.isEmpty()) {
                incident = Incident.number(incident.number() + 1, start);
                queuedHealth.addAll(incident.transitions());
            }
            NotificationRequest request = NotificationRequest.newBuilder(Samples.otp(tenant, "k" + i, acceptedAt))
                    .setNotificationId("n-" + i).setPriority(lane).setChannels(List.of(Channel.EMAIL)).build();
            String id = request.getNotificationId();
            Instant t = acceptedAt.plusMillis(5);
            events.add(event(id, tenant, lane, t, OutcomeStatus.ROUTED, null, null, null));
            int roll = random.nextInt(100);
            String provider = PROVIDERS[random.nextInt(2)];
            String other = provider.equals(PROVIDERS[0]) ? PROVIDERS[1] : PROVIDERS[0];
            Instant sendAt = t.plusMillis(200 + random.nextInt(3000));
            if (provider.equals(incident.provider()) && incident.failing(sendAt) && sendAt.isBefore(incident.downAt())) {
                // Not yet detected: the attempt fails and the notification fails over to the other provider.
                events.add(event(id, tenant, lane, sendAt, OutcomeStatus.DEFERRED, provider, "451 4.3.2", ErrorClass.TRANSIENT));
                events.add(event(id, tenant, lane, sendAt.plusMillis(100), OutcomeStatus.FAILED_OVER, provider, "451 4.3.2", null));
                events.add(event(id, tenant, lane, sendAt.plusMillis(600), OutcomeStatus.SENT, other, "250 2.0.0", null));
                return request;
            }
            boolean incidentNow = incident.failing(sendAt) || incident.avoided(sendAt);
            if (incidentNow && provider.equals(incident.provider())) provider = other; // DOWN or probing: routed elsewhere
            if (roll < 88 || (roll < 94 && incidentNow)) {
                events.add(event(id, tenant, lane, sendAt, OutcomeStatus.SENT, provider, "250 2.0.0", null));
            } else if (roll < 94) {
                // Background noise: a throttled attempt failed over, outside any incident.
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.DEFERRED, provider, "421 4.7.0", ErrorClass.TRANSIENT));
                events.add(event(id, tenant, lane, t.plusMillis(400), OutcomeStatus.FAILED_OVER, provider, "421 4.7.0", null));
                events.add(event(id, tenant, lane, t.plusMillis(900), OutcomeStatus.SENT, other, "250 OK", null));
            } else if (roll < 97) {
                Instant replayedAt = t.plusSeconds(600);
                String via = provider;
                if ((incident.failing(replayedAt) || incident.avoided(replayedAt)) && via.equals(incident.provider())) via = other;
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.PARKED, null, null, null));
                events.add(event(id, tenant, lane, replayedAt, OutcomeStatus.REPLAYED, null, null, null));
                events.add(event(id, tenant, lane, replayedAt.plusSeconds(1), OutcomeStatus.SENT, via, "250 2.0.0", null));
            } else if (roll < 99) {
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.EXPIRED, null, null, null));
            } else {
                events.add(event(id, tenant, lane, t.plusMillis(300), OutcomeStatus.FAILED, provider, "550 5.1.1", ErrorClass.PERMANENT));
            }
            return request;
        }

        /** Health transitions that happened up to the last generated notification, in time order; each once. */
        List<ProviderHealth> healthUpTo() {
            pendingHealth.clear();
            while (!queuedHealth.isEmpty() && !queuedHealth.peekFirst().getSince().isAfter(acceptedAt)) {
                pendingHealth.add(queuedHealth.pollFirst());
            }
            return pendingHealth;
        }

        private DeliveryOutcome event(String id, String tenant, Priority lane, Instant at, OutcomeStatus status, String provider,
                                      String code, ErrorClass errorClass) {
            return DeliveryOutcome.newBuilder().setEventId(id + "-" + status.ordinal() + "-" + at.toEpochMilli())
                    .setNotificationId(id).setTenantId(tenant).setAt(at).setStage(provider == null ? Stage.ROUTER : Stage.WORKER)
                    .setStatus(status).setChannel(Channel.EMAIL).setLane(lane).setCategory("otp").setProvider(provider)
                    .setAttempt(provider == null ? 0 : 1).setErrorClass(errorClass).setProviderCode(code)
                    .setLatencyMs(provider == null ? null : 120L).build();
        }
    }

    /**
     * The k-th outage: one of the two mail providers (alternating) fails every attempt from {@code start} for
     * 6 to 20 minutes. It is DEGRADED after half its detection time (15 to 45 s), DOWN after it; every 5 minutes
     * a half-open probe runs, failing back to DOWN while the outage lasts; the first probe after it succeeds
     * and the provider is HEALTHY 20 s later.
     */
    record Incident(long number, String provider, Instant start, Instant end, Instant downAt, Instant healthyAt) {
        private static final Duration EVERY = Duration.ofHours(3);
        private static final Duration COOL_DOWN = Duration.ofMinutes(5);
        private static final Duration PROBE = Duration.ofSeconds(20);

        static Incident number(long k, Instant origin) {
            Instant start = origin.plus(Duration.ofMinutes(47)).plus(EVERY.multipliedBy(k));
            Instant end = start.plus(Duration.ofMinutes(6 + (k * 7) % 15));
            Instant downAt = start.plusSeconds(15 + (k * 11) % 31);
            Instant halfOpen = downAt.plus(COOL_DOWN);
            while (halfOpen.isBefore(end)) halfOpen = halfOpen.plus(COOL_DOWN);
            return new Incident(k, PROVIDERS[(int) (k % 2)], start, end, downAt, halfOpen.plus(PROBE));
        }

        /** When the next incident may begin: the generator moves on after this one is healed. */
        Instant over() {
            return healthyAt;
        }

        boolean failing(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }

        /** DOWN or probing: the router sends nothing (the probes aside) to the provider. */
        boolean avoided(Instant t) {
            return !t.isBefore(downAt) && t.isBefore(healthyAt);
        }

        List<ProviderHealth> transitions() {
            List<ProviderHealth> list = new ArrayList<>();
            Instant degradedAt = start.plusMillis(Duration.between(start, downAt).toMillis() / 2);
            list.add(health(HealthState.DEGRADED, HealthState.HEALTHY, degradedAt, "failure-ratio", HealthSource.OBSERVED));
            list.add(health(HealthState.DOWN, HealthState.DEGRADED, downAt, "consecutive-transient-failures", HealthSource.OBSERVED));
            for (Instant probe = downAt.plus(COOL_DOWN); ; probe = probe.plus(COOL_DOWN)) {
                list.add(health(HealthState.HALF_OPEN, HealthState.DOWN, probe, "cool-down-elapsed", HealthSource.PROBE));
                if (!probe.isBefore(end)) break;
                list.add(health(HealthState.DOWN, HealthState.HALF_OPEN, probe.plus(PROBE), "half-open-probe-failed", HealthSource.PROBE));
            }
            list.add(health(HealthState.HEALTHY, HealthState.HALF_OPEN, healthyAt, "half-open-probe-succeeded", HealthSource.PROBE));
            return list;
        }

        private ProviderHealth health(HealthState state, HealthState previous, Instant since, String reason, HealthSource source) {
            return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state)
                    .setPreviousState(previous).setSince(since).setReason(reason).setSource(source).build();
        }
    }
}
