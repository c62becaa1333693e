package io.herald.ingest;

import io.herald.ingest.destination.JndiMxLookup;
import io.herald.ingest.destination.RecipientDestinations;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.PreferenceEvent;
import io.herald.ingest.http.Guards;
import io.herald.ingest.http.IngestRoutes;
import io.herald.ingest.intake.IdempotencyLedger;
import io.herald.ingest.intake.KafkaNotificationSink;
import io.herald.ingest.intake.NotificationIntake;
import io.herald.ingest.ops.IngestMetrics;
import io.herald.ingest.ops.KafkaHealth;
import io.herald.ingest.preferences.PreferenceService;
import io.herald.ingest.preferences.PreferenceStore;
import io.herald.ingest.status.StatusClient;
import io.herald.ingest.tenancy.DailyQuota;
import io.herald.ingest.tenancy.RateLimiter;
import io.herald.ingest.validation.JsonBody;
import io.herald.runtime.auth.ApiKeys;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: builds every collaborator from an {@link IngestConfig} with {@code new},
 * {@link #start()}s them (preference cache caught up, then HTTP; the idempotency ledger starts empty and reads
 * nothing: ids are deterministic, see intake/DESIGN.md), and {@link #close()}s them in reverse order. Embeddable: the one-JVM local stack runs it
 * beside the other services.
 */
public final class IngestApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();
    private final IngestMetrics metrics = new IngestMetrics();
    private final KafkaProducer<String, NotificationRequest> requestProducer;
    private final KafkaProducer<String, PreferenceEvent> preferenceProducer;
    private final Admin admin;
    private final IdempotencyLedger ledger;
    private final PreferenceStore preferenceStore;
    private final KafkaHealth kafkaHealth;
    private final Javalin javalin;
    private final ExecutorService completions;
    private final RecipientDestinations destinations;
    private volatile boolean started;

    public IngestApp(IngestConfig config) {
        this.config = config;
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(config.registry()));
        this.requestProducer = metrics.client(new KafkaProducer<>(producerProps("herald-ingest-requests", LINGER_MS), new StringSerializer(),
                topics.request().valueSerde().serializer()));
        this.preferenceProducer = metrics.client(new KafkaProducer<>(producerProps("herald-ingest-preferences", LINGER_MS),
                new StringSerializer(), topics.preferenceEvent().valueSerde().serializer()));
        this.admin = Admin.create(new HashMap<>(config.kafka()));
        this.ledger = new IdempotencyLedger(config.idempotencyWindow().toMillis(), config.idempotencyMaxEntries());
        // A supplier: the tail makes its consumer again after a failure.
        this.preferenceStore = new PreferenceStore(() -> metrics.client(new KafkaConsumer<>(consumerProps("herald-ingest-preference-tail"),
                new StringDeserializer(), topics.preference().valueSerde().deserializer())), config.preferenceTopic(), metrics.registry());
        this.kafkaHealth = new KafkaHealth(admin, Duration.ofSeconds(2), Duration.ofMillis(500), System::nanoTime);

        this.completions = Executors.newFixedThreadPool(4, daemonThreads("ingest-complete-"));
        // Tells this instance's preference events apart from other instances'.
        String instanceId = java.util.UUID.randomUUID().toString();
        // Per instance, like the rate limit: no instance reads what the others accept (docs/scaling.md).
        DailyQuota quota = new DailyQuota(config.dailyQuota(), clock);
        this.destinations = new RecipientDestinations(config.destinations(),
                config.mxLookup() ? new JndiMxLookup() : domain -> java.util.List.of());
        NotificationIntake intake = new NotificationIntake(ledger, quota,
                new KafkaNotificationSink(requestProducer, config.requestTopic(), config.criticalRequestTopic(), metrics), clock, config.retryAfterSeconds(),
                completions, destinations);
        PreferenceService preferences = new PreferenceService(preferenceStore, preferenceProducer,
                config.preferenceEventTopic(), clock, config.deliveryTimeout().plusSeconds(1), config.retryAfterSeconds(),
                instanceId);
        Guards guards = new Guards(new ApiKeys(config.apiKeys()),
                new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime), config.maxBodyBytes());
        StatusClient status = new StatusClient(config.routerUrl(), Duration.ofSeconds(3), JsonBody.mapper());
        metrics.gauge("herald.ingest.idempotency.keys", "Idempotency keys remembered in the window", ledger::size);
        IngestRoutes.Dependencies deps = new IngestRoutes.Dependencies(guards, intake, preferences, status, metrics,
                this::live, this::ready, clock, config.batchMax());
        this.javalin = Javalin.create(javalinConfig -> {
            javalinConfig.jetty.host = config.host();
            javalinConfig.jetty.port = config.port();
            IngestRoutes.register(javalinConfig, deps);
        });
    }

    /** Catches up the preference cache, then serves HTTP. */
    public IngestApp start() {
        LOG.info("starting ingest service with {}", config);
        preferenceStore.start();
        try {
            if (!preferenceStore.awaitCaughtUp(START_TIMEOUT)) {
                throw new IllegalStateException("preference topic " + config.preferenceTopic() + " not read within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading preferences", e);
        }
        javalin.start();
        started = true;
        LOG.info("ingest service listening on {}", url());
        return this;
    }

    /**
     * Live while the preference tail runs or will run again by itself: it restarts after a failed read, but stops for
     * good on an {@link Error}, and then consent and erasures would go stale until the service is restarted.
     */
    public boolean live() {
        return preferenceStore.following();
    }

    /** Ready: started, preferences caught up and followed, and Kafka reachable now. */
    public boolean ready() {
        return started && preferenceStore.isCaughtUp() && preferenceStore.following() && kafkaHealth.reachable();
    }

    public int port() {
        return javalin.port();
    }

    /** Base URL for clients, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = "0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        started = false;
        LOG.info("stopping ingest service");
        javalin.stop();
        destinations.close();
        try {
            preferenceStore.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        preferenceProducer.close(Duration.ofSeconds(5));
        requestProducer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        completions.shutdown();
        metrics.close();
        LOG.info("ingest service stopped");
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Default {@code linger.ms} of the producers (a configured {@code kafka.linger.ms} wins). 5 ms cut CPU per request
     * in short runs on a starved machine, but warm it cost 40% of the closed-loop throughput for no lower CPU
     * (docs/benchmarks/ingest.md, 2026-11-30): the wait is paid by every request, the batching gain only when CPU-bound.
     */
    static final int LINGER_MS = 2;

    private Map<String, Object> producerProps(String clientId, int defaultLingerMs) {
        return producerProps(config, clientId, defaultLingerMs);
    }

    /** The producer settings: the contract's (acks=all, idempotence, bounded waits) over any configured value. */
    static Map<String, Object> producerProps(IngestConfig config, String clientId, int defaultLingerMs) {
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Accepted means durable: every in-sync replica has it, and retries cannot duplicate it.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Bounded: a produce that cannot complete in time becomes a 503, never a hanging request.
        long delivery = config.deliveryTimeout().toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, delivery / 2 - 10));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.maxBlock().toMillis());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, defaultLingerMs);
        props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    private Map<String, Object> consumerProps(String clientId) {
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
