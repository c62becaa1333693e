package io.herald.ingest.support;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.PreferenceEvent;
import io.herald.ingest.http.Guards;
import io.herald.ingest.http.IngestRoutes;
import io.herald.ingest.intake.IdempotencyLedger;
import io.herald.ingest.intake.NotificationIntake;
import io.herald.ingest.intake.NotificationSink;
import io.herald.ingest.ops.IngestMetrics;
import io.herald.ingest.preferences.PreferenceService;
import io.herald.ingest.preferences.PreferenceStore;
import io.herald.ingest.status.StatusClient;
import io.herald.runtime.auth.ApiKey;
import io.herald.runtime.auth.ApiKeys;
import io.herald.ingest.tenancy.DailyQuota;
import io.herald.ingest.tenancy.RateLimiter;
import io.herald.ingest.validation.JsonBody;
import io.herald.contracts.Channel;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;

/**
 * The real routes on a real Jetty port, with the Kafka write replaced by an in-memory sink: the fast
 * path for tests that exercise HTTP, validation and limits thousands of times. Everything that needs
 * a broker is covered by the *IT tests against {@code IngestApp}.
 */
public final class InProcessApi implements AutoCloseable {
    public static final String ACME_KEY = "acme-secret-key";
    public static final String GLOBEX_KEY = "globex-secret-key";

    /** Accepts every write at once and keeps it. */
    public static final class MemorySink implements NotificationSink {
        public final List<NotificationRequest> written = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> send(String key, NotificationRequest request, String fingerprint) {
            written.add(request);
            return CompletableFuture.completedFuture(null);
        }
    }

    public final MemorySink sink = new MemorySink();
    /** What {@code /health/live} reports (a test turns it off to stand for a background loop stopped for good). */
    public final java.util.concurrent.atomic.AtomicBoolean live = new java.util.concurrent.atomic.AtomicBoolean(true);
    /** Preference events as ingest appends them (the router, absent here, would merge them). */
    public final MockProducer<String, PreferenceEvent> preferenceEvents = new MockProducer<>(true, null,
            new org.apache.kafka.common.serialization.StringSerializer(), (topic, value) -> new byte[0]);
    private final Javalin javalin;

    public InProcessApi(double ratePerSecond, double burst, Map<Channel, Long> quota, int maxBodyBytes, URI routerUrl) {
        Clock clock = Clock.systemUTC();
        ApiKeys keys = new ApiKeys(List.of(
                ApiKey.parseTenantKey("acme:acme-main:" + ApiKeys.hashOf(ACME_KEY)),
                ApiKey.parseTenantKey("globex:globex-main:" + ApiKeys.hashOf(GLOBEX_KEY))));
        Guards guards = new Guards(keys, new RateLimiter(ratePerSecond, burst, System::nanoTime), maxBodyBytes);
        NotificationIntake intake = new NotificationIntake(new IdempotencyLedger(86_400_000, 100_000),
                new DailyQuota(quota, clock), sink, clock, 5, Runnable::run);
        PreferenceService preferences = new PreferenceService(new PreferenceStore(new MockConsumer<>("earliest"), "prefs"),
                preferenceEvents, "pref-events", clock, Duration.ofSeconds(2), 5, "in-process");
        StatusClient status = new StatusClient(routerUrl, Duration.ofSeconds(2), JsonBody.mapper());
        IngestRoutes.Dependencies deps = new IngestRoutes.Dependencies(guards, intake, preferences, status,
                new IngestMetrics(), live::get, () -> true, clock, 5);
        javalin = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            IngestRoutes.register(config, deps);
        }).start();
    }

    public static InProcessApi lenient() {
        return new InProcessApi(1_000_000, 1_000_000, Map.of(), 65_536, URI.create("http://127.0.0.1:9"));
    }

    public Javalin javalin() {
        return javalin;
    }

    public String url() {
        return "http://127.0.0.1:" + javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
