package io.herald.workers.probe;

import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderProbe;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.schemas.topics.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * <p>Each provider has its own {@link SupervisedLoop} (its own thread, never a delivery thread), so a probe
 * stuck until its read timeout delays neither deliveries nor the other providers' probes. A run that throws
 * (a bug, a broken producer) is counted as a restart of that provider's loop ({@code
 * herald_background_restarts_total{loop="worker-probe-<provider>"}}) and probing resumes after a back-off; an
 * {@link Error} stops that loop, which {@link #alive()} reports. A loop that simply waited used to be an executor
 * schedule, which an Error cancels without a word.
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
    private final List<SupervisedLoop> loops;
    private final Map<String, Boolean> lastOk = new java.util.concurrent.ConcurrentHashMap<>();

    public ProbeLoop(List<Probe> probes, Function<String, HealthState> health, Topic<String, ProviderProbe> topic,
                     Map<String, Object> kafka, Duration interval, String instanceId, Clock clock) {
        this(probes, health, topic, kafka, interval, instanceId, clock, null);
    }

    /** @param meters where each provider loop's restarts are counted; null for none */
    public ProbeLoop(List<Probe> probes, Function<String, HealthState> health, Topic<String, ProviderProbe> topic,
                     Map<String, Object> kafka, Duration interval, String instanceId, Clock clock, MeterRegistry meters) {
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
        this.loops = this.probes.stream().map(probe -> new SupervisedLoop("worker-probe-" + probe.providerId(),
                () -> new Schedule(probe), Backoff.DEFAULT, meters)).toList();
    }

    /** Whether a provider in {@code state} is probed: only when real traffic cannot show its recovery. */
    static boolean due(HealthState state) {
        return state == HealthState.DOWN || state == HealthState.HALF_OPEN;
    }

    public ProbeLoop start() {
        loops.forEach(SupervisedLoop::start);
        return this;
    }

    /** False once a provider's loop stopped for good. */
    public boolean alive() {
        return loops.stream().allMatch(SupervisedLoop::alive);
    }

    /** One provider's schedule: wait an interval (woken early by closing), probe if due, again. */
    private final class Schedule implements SupervisedLoop.Session {
        private final Probe probe;
        private final CountDownLatch closing = new CountDownLatch(1);

        Schedule(Probe probe) {
            this.probe = probe;
        }

        @Override
        public void step() throws InterruptedException {
            if (closing.await(interval.toMillis(), TimeUnit.MILLISECONDS)) return;
            runOnce(probe);
        }

        @Override
        public boolean caughtUp() {
            return true;
        }

        @Override
        public void wakeup() {
            closing.countDown();
        }

        @Override
        public void close() {
        }
    }

    private void runOnce(Probe probe) {
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
    }

    @Override
    public void close() {
        loops.forEach(SupervisedLoop::close);
        producer.close(Duration.ofSeconds(5));
    }
}
