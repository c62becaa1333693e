package io.herald.router;

import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.router.http.RouterHttp;
import io.herald.router.http.StatusLookup;
import io.herald.router.topology.DeadLetterHandler;
import io.herald.router.topology.RouterTopology;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router as a service: the Kafka Streams topology plus its HTTP surface (status API, health,
 * metrics). Constructed from a {@link RouterConfig}; {@link #start()} and {@link #close()} so several
 * services can share one JVM in the local stack.
 */
public final class RouterApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);

    /** How long readiness stays red after a record could not be read for want of the registry. */
    static final Duration REGISTRY_OUTAGE_NOT_READY = Duration.ofSeconds(10);
    private final RouterConfig config;
    private final Topics topics;
    private final RouterMetrics metrics;
    private volatile KafkaStreams streams;
    /** Critical requests only, in an application of their own (see {@link RouterTopology#buildCritical}). */
    private volatile KafkaStreams critical;
    private Javalin http;
    private KafkaStreamsMetrics streamsMetrics;
    private KafkaStreamsMetrics criticalMetrics;
    private volatile HostInfo self;

    public RouterApp(RouterConfig config) {
        this(config, Topics.create(SchemaRegistryClients.forConfig(config.registry())));
    }

    public RouterApp(RouterConfig config, Topics topics) {
        this.config = config;
        this.topics = topics;
        this.metrics = new RouterMetrics(config.routing(), this::healthOf);
    }

    /**
     * Starts HTTP first (to learn its port for {@code application.server}), then the Streams instances. On a failure
     * what already started is closed (the HTTP port, a built Streams instance) and the failure rethrown.
     */
    public synchronized RouterApp start() {
        LOG.info("starting router with {}", config);
        requireCoPartitioned();
        try {
            startAll();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        LOG.info("router started: http port {}, application.server {}; critical router {}", http.port(), self,
                config.criticalApplicationId());
        return this;
    }

    private void startAll() {
        StatusLookup lookup = new StatusLookup(() -> streams, () -> self);
        http = Javalin.create(cfg -> RouterHttp.routes(cfg, lookup, this::isLive, this::isReady, metrics.registry()))
                .start(config.httpHost(), config.httpPort());
        self = new HostInfo(config.advertisedHost(), http.port());

        registerSchemas(topics);
        DeadLetterHandler.listener(metrics);
        streams = new KafkaStreams(RouterTopology.build(config, topics, metrics), config.streamsProperties(http.port()));
        // A failed thread is replaced: under exactly-once its open transaction aborts and the work is redone.
        streams.setUncaughtExceptionHandler(RouterApp::replaceThread);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        takeOverCriticalTopic();
        critical = new KafkaStreams(RouterTopology.buildCritical(config, topics, metrics), config.criticalStreamsProperties());
        critical.setUncaughtExceptionHandler(RouterApp::replaceThread);
        criticalMetrics = new KafkaStreamsMetrics(critical);
        criticalMetrics.bindTo(metrics.registry());
        streams.start();
        critical.start();
    }

    private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse replaceThread(Throwable e) {
        LOG.error("stream thread failed; replacing it", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * True once both Streams instances (main and critical) are RUNNING (all tasks assigned and restored) and no
     * record had to wait for the schema registry in the last {@link #REGISTRY_OUTAGE_NOT_READY}: a router that cannot
     * read its input is not ready, even while its threads are being replaced and report RUNNING.
     */
    public boolean isReady() {
        KafkaStreams ks = streams;
        KafkaStreams ck = critical;
        return ks != null && ks.state() == KafkaStreams.State.RUNNING && ck != null && ck.state() == KafkaStreams.State.RUNNING
                && !metrics.registryUnavailableWithin(REGISTRY_OUTAGE_NOT_READY);
    }

    /**
     * Live until a Streams instance fails for good. A failed stream thread is replaced, but a client in ERROR (its
     * global thread failed, or every thread) stays there and routes nothing until the service is restarted.
     */
    public boolean isLive() {
        KafkaStreams ks = streams;
        KafkaStreams ck = critical;
        return live(ks == null ? null : ks.state()) && live(ck == null ? null : ck.state());
    }

    /** Whether a Streams instance in {@code state} (null: not built yet) can still route without a restart. */
    static boolean live(KafkaStreams.State state) {
        return state != KafkaStreams.State.PENDING_ERROR && state != KafkaStreams.State.ERROR;
    }

    /** Before the critical router's first start, its group gets the offsets an older router left on the critical topic. */
    private void takeOverCriticalTopic() {
        try (Admin admin = Admin.create(adminProperties())) {
            CriticalTakeover.run(admin, config.applicationId(), config.criticalApplicationId(), topics.criticalRequest().name());
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return props;
    }

    /** Fails fast, naming them, when the topics the ledger merges have different partition counts. */
    private void requireCoPartitioned() {
        // The erasure repartition topic takes the preference-event topic's count: it must reach every ledger partition.
        // The critical request topic is read by the critical router alone, but its records' ids must land on the ledger
        // partition the critical intake topic (same key) takes them to.
        List<String> merged = List.of(topics.request().name(), topics.criticalRequest().name(), topics.criticalIntake().name(),
                topics.outcome().name(), topics.replay().name(), topics.preferenceEvent().name());
        Map<String, Integer> partitions = new HashMap<>();
        try (Admin admin = Admin.create(adminProperties())) {
            for (String topic : merged) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                    partitions.put(topic, d.partitions().size());
                } catch (java.util.concurrent.ExecutionException e) {
                    // Not created yet (or not visible): Kafka Streams reports missing source topics itself.
                    LOG.debug("partition count of {} unknown: {}", topic, e.getCause().toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("could not check the partition counts of {} within 30 s", merged);
            return;
        }
        CoPartitioning.mismatch(partitions).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /**
     * Registers every schema before the first record, warming the registry cache, so a registry outage later does
     * not stop writing or reading current records. A registry down at start-up does not stop the router: schemas are
     * then registered on first write, and unreadable input waits for the registry (see {@link DeadLetterHandler}).
     */
    static void registerSchemas(Topics topics) {
        try {
            topics.registerSchemas();
            LOG.info("schemas registered");
        } catch (RuntimeException e) {
            LOG.warn("could not register schemas at start-up ({}); they will be registered on first write", e.getMessage());
        }
    }

    /** The port the HTTP server bound (useful when configured with 0). */
    public int httpPort() {
        return http.port();
    }

    /** The running Streams instance (tests and the local stack inspect it). */
    public KafkaStreams streams() {
        return streams;
    }

    /** The critical router's Streams instance. */
    public KafkaStreams criticalStreams() {
        return critical;
    }

    @Override
    public synchronized void close() {
        LOG.info("stopping router");
        // Both stop at once (each close waits for its threads): neither waits out the other's 30 s.
        if (critical != null) critical.close(Duration.ZERO);
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            LOG.info("router streams closed");
        }
        if (critical != null) {
            critical.close(Duration.ofSeconds(30));
            LOG.info("critical router streams closed");
        }
        if (streamsMetrics != null) streamsMetrics.close();
        if (criticalMetrics != null) criticalMetrics.close();
        if (http != null) {
            http.stop();
            LOG.info("router http stopped");
        }
        metrics.close();
    }

    private HealthState healthOf(String providerId) {
        KafkaStreams ks = streams;
        if (ks == null || ks.state() != KafkaStreams.State.RUNNING) return null;
        try {
            ReadOnlyKeyValueStore<String, ProviderHealth> view = ks.store(StoreQueryParameters.fromNameAndType(
                    RouterTopology.HEALTH_VIEW_STORE, QueryableStoreTypes.<String, ProviderHealth>keyValueStore()));
            ProviderHealth health = view.get(providerId);
            return health == null ? HealthState.HEALTHY : health.getState();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
