package io.herald.workers.probe;

import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderProbe;
import io.herald.schemas.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}, probes each provider this worker runs whose health is DOWN or HALF_OPEN and
 * publishes what it found to {@code notify.provider-probe.v1} (key: provider id), so the router can see a
 * recovery that no real message would show: while a provider is DOWN, nothing is sent to it. HEALTHY and
 * DEGRADED providers are not probed: real traffic already tells.
 *
 * <p>Each provider has its own schedule on a thread of this loop, never a delivery thread, so a probe
 * stuck until its read timeout delays neither deliveries nor the other providers' probes. A failing run
 * (a bug, a broken producer) is logged and the next one still happens.
 */
public final class ProbeLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeLoop.class);
    private final List<Probe> probes;
    private final Function<String, HealthState> health;
    private final Topic<String, ProviderProbe> topic;
    private final KafkaProducer<String, ProviderProbe> producer;
    private final Duration interval;
    private final String instanceId;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Boolean> lastOk = new java.util.concurrent.ConcurrentHashMap<>();

    public ProbeLoop(List<Probe> probes, Function<String, HealthState> health, Topic<String, ProviderProbe> topic,
                     Map<String, Object> kafka, Duration interval, String instanceId, Clock clock) {
        this.probes = List.copyOf(probes);
        this.health = health;
        this.topic = topic;
        this.interval = interval;
        this.instanceId = instanceId;
        this.clock = clock;
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-worker-probe-" + instanceId);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer());
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, this.probes.size()), r -> {
            Thread t = new Thread(r, "herald-worker-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a provider in {@code state} is probed: only when real traffic cannot show its recovery. */
    static boolean due(HealthState state) {
        return state == HealthState.DOWN || state == HealthState.HALF_OPEN;
    }

    public ProbeLoop start() {
        for (Probe probe : probes) {
            scheduler.scheduleWithFixedDelay(() -> runOnce(probe), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void runOnce(Probe probe) {
        try {
            if (!due(health.apply(probe.providerId()))) return;
            ProbeResult result = probe.probe();
            ProviderProbe record = ProviderProbe.newBuilder()
                    .setProviderId(probe.providerId())
                    .setChannel(probe.channel())
                    .setAt(clock.instant())
                    .setOk(result.ok())
                    .setProviderCode(result.providerCode())
                    .setDetail(result.detail())
                    .setLatencyMs(result.latencyMs())
                    .setInstanceId(instanceId)
                    .build();
            producer.send(new ProducerRecord<>(topic.name(), probe.providerId(), record), (meta, error) -> {
                if (error != null) LOG.warn("could not publish the probe of {}: {}", probe.providerId(), error.toString());
            });
            Boolean before = lastOk.put(probe.providerId(), result.ok());
            if (before == null || before != result.ok()) {
                LOG.info("probe of {}: {} ({}, {} ms)", probe.providerId(), result.ok() ? "accepting" : "not accepting",
                        result.providerCode(), result.latencyMs());
            }
        } catch (RuntimeException e) {
            // The schedule must survive anything: a missed probe only delays seeing a recovery.
            LOG.warn("probe of {} failed to run: {}", probe.providerId(), e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
