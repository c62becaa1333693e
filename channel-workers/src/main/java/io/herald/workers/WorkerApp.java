package io.herald.workers;

import io.herald.contracts.Channel;
import io.herald.replay.auto.AutoReplayConfig;
import io.herald.replay.auto.AutoReplayer;
import io.herald.runtime.metrics.ServiceMetrics;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import io.herald.workers.channel.ChannelProvider;
import io.herald.workers.email.SmtpProbe;
import io.herald.workers.email.SmtpProvider;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.pacing.FailoverPacer;
import io.herald.workers.pacing.ProviderPacer;
import io.herald.workers.pacing.Sleeper;
import io.herald.workers.probe.Probe;
import io.herald.workers.probe.ProbeLoop;
import io.herald.workers.retry.LaneRetryPolicy;
import io.herald.workers.runtime.ChannelWorker;
import io.herald.workers.runtime.DeliveryEngine;
import io.herald.workers.runtime.HealthFeed;
import io.herald.workers.runtime.HealthView;
import io.herald.workers.runtime.WorkerMetrics;
import io.herald.workers.runtime.WorkerSettings;
import io.herald.workers.sms.TwilioProvider;
import io.herald.workers.webhook.WebhookProvider;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel workers as one unit: a worker per configured channel (email, SMS, webhook), the
 * provider-health feed, the prober of DOWN and HALF_OPEN SMTP providers, the automatic paced replayer of parked backlogs, and the HTTP endpoints. Constructed from a {@link WorkerConfig}; {@link #start()}
 * and {@link #close()} let the one-JVM local stack run it beside the other services.
 */
public final class WorkerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerApp.class);
    private final WorkerConfig config;
    private final ServiceMetrics serviceMetrics = new ServiceMetrics();
    private final PrometheusMeterRegistry registry = serviceMetrics.registry();
    private final WorkerMetrics metrics = new WorkerMetrics(serviceMetrics);
    private final HealthView health = new HealthView();
    private final HealthFeed healthFeed;
    private final Map<String, ProviderPacer> pacers = new LinkedHashMap<>();
    private final List<ChannelProvider> providers = new ArrayList<>();
    private final List<ChannelWorker> workers = new ArrayList<>();
    private final Javalin http;
    private final AutoReplayer autoReplayer;
    private final ProbeLoop probeLoop;

    /** Workers without automatic replay (tests that drive one channel in isolation). */
    public WorkerApp(WorkerConfig config) {
        this(config, Clock.systemUTC());
    }

    public WorkerApp(WorkerConfig config, Clock clock) {
        this(config, null, clock);
    }

    /**
     * @param autoReplay how parked backlogs are released when a provider recovers; null for none
     */
    public WorkerApp(WorkerConfig config, AutoReplayConfig autoReplay, Clock clock) {
        this.config = config;
        // Retry topics are per (channel, tier): subscribe to every lane's tiers.
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(config.registry()), true, config.retryLanes().union());
        try {
            // Warms the registry cache before the first record: a later registry outage then stops nothing current.
            topics.registerSchemas();
        } catch (RuntimeException e) {
            LOG.warn("could not register schemas at start-up ({}); they will be registered on first write", e.getMessage());
        }
        Map<String, Object> kafka = new LinkedHashMap<>(config.kafka());
        this.healthFeed = new HealthFeed(topics.providerHealth(), health, kafka, registry);
        LaneRetryPolicy retryPolicy = LaneRetryPolicy.of(config.retryLanes(), config.retryJitter());
        for (Channel channel : config.channels()) {
            List<ChannelProvider> channelProviders = providersOf(channel, clock);
            Map<String, ProviderPacer> channelPacers = new LinkedHashMap<>();
            for (ChannelProvider p : channelProviders) {
                ProviderPacer pacer = new ProviderPacer(p.id(), maxRate(p.id()), maxConnections(p.id()), clock, Sleeper.REAL);
                channelPacers.put(p.id(), pacer);
                metrics.providerRate(channel, p.id(), pacer::currentRate);
            }
            providers.addAll(channelProviders);
            pacers.putAll(channelPacers);
            // Only email has a secondary worth warming and ramping (issue 14); other channels are never held back.
            FailoverPacer failover = channel == Channel.EMAIL && !channelProviders.isEmpty()
                    ? new FailoverPacer(config.emailFailoverRamp(), channelProviders.get(0).id(), clock) : FailoverPacer.none(clock);
            DeliveryEngine engine = new DeliveryEngine(channelProviders, channelPacers, health, retryPolicy, config.halfOpenTricklePercent(),
                    clock, metrics, config.replyRules(), failover);
            WorkerSettings settings = new WorkerSettings(config.groupId(channel), config.instanceId(), config.concurrency(),
                    config.maxPollRecords(), config.pollTimeout(), config.shutdownTimeout());
            // The critical lane on a consumer of its own: a code neither waits for a bulk batch nor stops one.
            for (ChannelWorker.Lanes lanes : ChannelWorker.Lanes.values())
                workers.add(new ChannelWorker(channel, lanes, settings, engine, topics, kafka, metrics, clock));
        }
        // SMTP providers can be checked without sending mail; SMS and webhook providers have no such check (the router
        // keeps a time-based half-open for them).
        List<Probe> probes = config.smtp().stream().<Probe>map(SmtpProbe::new).toList();
        this.probeLoop = probes.isEmpty() ? null
                : new ProbeLoop(probes, health::state, topics.providerProbe(), kafka, config.probeInterval(), config.instanceId(), clock,
                        registry);
        this.autoReplayer = autoReplay == null ? null : AutoReplayer.create(autoReplay, kafka,
                SchemaRegistryClients.forConfig(config.registry()), registry);
        this.http = Javalin.create(c -> {
            c.jetty.host = config.httpHost();
            c.jetty.port = config.httpPort();
            WorkerHttp.routes(c, this::live, this::ready, registry);
        });
    }

    private List<ChannelProvider> providersOf(Channel channel, Clock clock) {
        return switch (channel) {
            case EMAIL -> config.smtp().stream().<ChannelProvider>map(SmtpProvider::new).toList();
            case SMS -> List.of(new TwilioProvider(config.twilio()));
            case WEBHOOK -> List.of(new WebhookProvider(config.webhook(), clock));
        };
    }

    private double maxRate(String providerId) {
        for (SmtpProviderConfig s : config.smtp()) if (s.id().equals(providerId)) return s.maxRate();
        if (config.twilio() != null && config.twilio().id().equals(providerId)) return config.twilio().maxRate();
        return config.webhook().maxRate();
    }

    private int maxConnections(String providerId) {
        for (SmtpProviderConfig s : config.smtp()) if (s.id().equals(providerId)) return s.maxConnections();
        if (config.twilio() != null && config.twilio().id().equals(providerId)) return config.twilio().maxConnections();
        return config.webhook().maxConnections();
    }

    /** Starts the health feed, the channel workers and the HTTP server. */
    public WorkerApp start() {
        LOG.info("starting channel workers: {}", config);
        healthFeed.start();
        workers.forEach(ChannelWorker::start);
        if (probeLoop != null) probeLoop.start();
        // After the workers: a release of parked messages must find someone to deliver it.
        if (autoReplayer != null) autoReplayer.start();
        http.start();
        LOG.info("channel workers for {} started; http on port {}", config.channels(), httpPort());
        return this;
    }

    /** True while every channel worker is running and no background loop stopped for good. */
    public boolean live() {
        return healthFeed.following() && workers.stream().allMatch(w -> w.failure() == null)
                && (probeLoop == null || probeLoop.alive()) && (autoReplayer == null || autoReplayer.alive());
    }

    /**
     * True once every channel worker has partitions and while every background loop is caught up: the health feed, and
     * the automatic replayer's health view, control follower and election (each red while it restarts).
     */
    public boolean ready() {
        return healthFeed.caughtUp() && healthFeed.following() && workers.stream().allMatch(ChannelWorker::ready)
                && (autoReplayer == null || autoReplayer.ready());
    }

    /**
     * True while every channel worker has its partitions, runs and can read its records (the registry answers); unlike
     * {@link #ready()}, whatever the background loops are doing. Workers deliver whenever this holds.
     */
    public boolean workersReady() {
        return workers.stream().allMatch(ChannelWorker::ready);
    }

    public int httpPort() {
        return http.port();
    }

    /** The pacer of a provider (its current adaptive rate), for metrics, drills and tests. */
    public ProviderPacer pacer(String providerId) {
        ProviderPacer pacer = pacers.get(providerId);
        if (pacer == null) throw new IllegalArgumentException("unknown provider " + providerId);
        return pacer;
    }

    /** The automatic replayer, or null when this app runs without one. */
    public AutoReplayer autoReplayer() {
        return autoReplayer;
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public HealthView health() {
        return health;
    }

    /** Graceful: each worker finishes and commits its batch, then everything closes in reverse order. */
    @Override
    public void close() {
        LOG.info("stopping channel workers");
        http.stop();
        // First: it commits what it already released, so nothing is released twice after a restart.
        if (autoReplayer != null) autoReplayer.close();
        workers.forEach(ChannelWorker::requestStop);
        workers.forEach(ChannelWorker::close);
        if (probeLoop != null) probeLoop.close();
        healthFeed.close();
        providers.forEach(ChannelProvider::close);
        serviceMetrics.close();
        LOG.info("channel workers stopped");
    }

    /** Stops like a crash: batches in progress are not committed and will be delivered again. For drills and tests. */
    public void halt() {
        http.stop();
        if (autoReplayer != null) autoReplayer.close();
        workers.forEach(ChannelWorker::halt);
        if (probeLoop != null) probeLoop.close();
        healthFeed.close();
        providers.forEach(ChannelProvider::close);
        serviceMetrics.close();
    }
}
