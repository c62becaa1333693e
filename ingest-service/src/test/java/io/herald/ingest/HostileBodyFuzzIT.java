package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.NotificationRequest;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.support.Harness;
import io.herald.ingest.support.HostileBodies;
import io.herald.ingest.support.Http;
import io.herald.ingest.support.InProcessApi;
import io.herald.ingest.support.RecordInvariants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the body, the service answers 4xx to hostile input and 202 to valid input,
 * never 5xx, loses no thread, and puts nothing invalid on the topic. Seeded, so a failure replays.
 * 10,000 bodies go over real HTTP to the real routes with an in-memory write (fast); a smaller
 * sample goes end to end through Kafka and the registry.
 */
@WithKafka
@WithRegistry
class HostileBodyFuzzIT {
    static final long SEED = Long.getLong("herald.fuzz.seed", 20261123L);
    static final int IN_PROCESS_CASES = Integer.getInteger("herald.fuzz.cases", 10_000);
    static final int END_TO_END_CASES = 600;
    final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void watchForThreadDeath() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    }

    @AfterEach
    void restoreHandler() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    @Test
    void tenThousandHostileBodiesOverHttpGetOnly4xxAndValidOnesGet202() throws Exception {
        try (InProcessApi api = InProcessApi.lenient()) {
            Http http = new Http(api.url());
            Map<String, Integer> accepted = run(http, IN_PROCESS_CASES, 4);

            assertThat(api.sink.written).hasSize(accepted.get("valid"));
            assertThat(api.sink.written).allSatisfy(r -> assertThat(RecordInvariants.violations(r)).isEmpty());
            assertThat(http.post("/v1/notifications", InProcessApi.ACME_KEY, "after", Bodies.otp()).status()).isEqualTo(202);
            assertThat(uncaught).isEmpty();
        }
    }

    @Test
    void hostileBodiesEndToEndLeaveOnlyValidRequestsOnTheTopic(KafkaCluster kafka, SchemaRegistryEndpoint registry)
            throws Exception {
        Harness harness = new Harness(kafka, registry).with("HERALD_INGEST_RATE_PER_SECOND", "100000")
                .with("HERALD_INGEST_RATE_BURST", "100000");
        try (IngestApp app = harness.start()) {
            Map<String, Integer> accepted = run(new Http(app.url()), END_TO_END_CASES, 4);

            List<ConsumerRecord<String, NotificationRequest>> records = harness.requests();
            assertThat(records).hasSize(accepted.get("valid"));
            assertThat(records).allSatisfy(r -> assertThat(RecordInvariants.violations(r.value())).isEmpty());
            assertThat(uncaught).isEmpty();
        }
    }

    /** Sends {@code cases} bodies from {@code threads} clients; returns how many of each kind were accepted. */
    private Map<String, Integer> run(Http http, int cases, int threads) throws Exception {
        String expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, AtomicInteger> acceptedByKind = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> statusCounts = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = SEED + t;
                int share = cases / threads + (t < cases % threads ? 1 : 0);
                workers.add(pool.submit(() -> {
                    HostileBodies bodies = new HostileBodies(seed, expires);
                    for (int i = 0; i < share; i++) {
                        HostileBodies.Case c = bodies.next();
                        Http.Answer answer = http.post("/v1/notifications", InProcessApi.ACME_KEY, UUID.randomUUID().toString(), c.body());
                        statusCounts.computeIfAbsent(c.kind() + " " + answer.status(), k -> new AtomicInteger()).incrementAndGet();
                        boolean ok = c.valid() ? answer.status() == 202
                                : answer.status() >= 400 && answer.status() < 500
                                && answer.header("Content-Type").startsWith("application/problem+json");
                        if (!ok && failures.size() < 20) {
                            failures.add("seed " + seed + " case " + i + " (" + c.kind() + ") → " + answer.status() + " " + answer.text());
                        }
                        if (answer.status() == 202) acceptedByKind.computeIfAbsent(c.kind(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) worker.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        System.out.println("fuzz statuses by kind: " + new TreeMap<>(statusCounts));
        assertThat(failures).isEmpty();
        assertThat(statusCounts.keySet()).noneMatch(k -> k.endsWith(" 500") || k.matches(".* 5\\d\\d"));
        int total = statusCounts.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(total).isEqualTo(cases);
        Map<String, Integer> accepted = new TreeMap<>();
        acceptedByKind.forEach((k, v) -> accepted.put(k, v.get()));
        accepted.putIfAbsent("valid", 0);
        assertThat(accepted.keySet()).containsOnly("valid");
        assertThat(accepted.get("valid")).isPositive();
        return accepted;
    }
}
