package io.herald.workers.runtime;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.Priority;
import io.herald.runtime.metrics.ServiceMetrics;
import io.herald.schemas.topics.TopicNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The workers' metrics: attempts and outcomes by channel/provider/code, current rate per provider,
 * messages in flight, lag per lane. Tags never carry ids or addresses.
 */
public final class WorkerMetrics {
    private final MeterRegistry registry;
    private final ServiceMetrics service;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicLong> laneLag = new ConcurrentHashMap<>();

    /** Herald's worker meters only: Kafka clients are not exposed. */
    public WorkerMetrics(MeterRegistry registry) {
        this(registry, null);
    }

    /** The service's registry: the workers' Kafka clients are exposed too. */
    public WorkerMetrics(ServiceMetrics service) {
        this(service.registry(), service);
    }

    private WorkerMetrics(MeterRegistry registry, ServiceMetrics service) {
        this.registry = registry;
        this.service = service;
        Gauge.builder("herald_worker_in_flight", inFlight, AtomicInteger::get).description("Provider calls in progress").register(registry);
    }

    /** Metrics that go nowhere, for tests and tools. */
    public static WorkerMetrics noop() {
        return new WorkerMetrics(new SimpleMeterRegistry());
    }

    /** Exposes the consumer's own metrics when this service exposes Kafka clients; returns it. */
    <K, V> KafkaConsumer<K, V> client(KafkaConsumer<K, V> consumer) {
        return service == null ? consumer : service.bind(consumer);
    }

    /** Exposes the producer's own metrics when this service exposes Kafka clients; returns it. */
    <K, V> KafkaProducer<K, V> client(KafkaProducer<K, V> producer) {
        return service == null ? producer : service.bind(producer);
    }

    void inFlight(int delta) {
        inFlight.addAndGet(delta);
    }

    public int inFlight() {
        return inFlight.get();
    }

    void attempt(Channel channel, String provider, String code, String result) {
        Counter.builder("herald_worker_attempts_total").description("Delivery attempts by provider, code and result")
                .tag("channel", TopicNames.lower(channel)).tag("provider", provider).tag("code", code).tag("result", result)
                .register(registry).increment();
    }

    /** Billable units of accepted messages (SMS segments). */
    void units(Channel channel, String provider, int units) {
        Counter.builder("herald_worker_units_total").description("Billable units sent (SMS segments; 1 per email or webhook)")
                .tag("channel", TopicNames.lower(channel)).tag("provider", provider).register(registry).increment(units);
    }

    void outcome(DeliveryOutcome o) {
        Counter.builder("herald_worker_outcomes_total").description("Outcomes emitted by status")
                .tag("channel", o.getChannel() == null ? "none" : TopicNames.lower(o.getChannel()))
                .tag("provider", o.getProvider() == null ? "none" : o.getProvider())
                .tag("status", o.getStatus().name())
                .tag("code", o.getProviderCode() == null ? "none" : o.getProviderCode())
                .register(registry).increment();
    }

    /** Registers the current-rate gauge of a provider. */
    public void providerRate(Channel channel, String provider, DoubleSupplier rate) {
        Gauge.builder("herald_worker_provider_rate", rate, DoubleSupplier::getAsDouble).description("Current paced rate, messages/s")
                .tag("channel", TopicNames.lower(channel)).tag("provider", provider).register(registry);
    }


    void laneLag(Channel channel, Priority lane, long lag) {
        String key = TopicNames.lower(channel) + "." + TopicNames.lower(lane);
        laneLag.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("herald_worker_lane_lag", value, AtomicLong::get).description("Records not yet consumed per lane")
                    .tag("channel", TopicNames.lower(channel)).tag("lane", TopicNames.lower(lane)).register(registry);
            return value;
        }).set(lag);
    }

    public long laneLag(Channel channel, Priority lane) {
        AtomicLong v = laneLag.get(TopicNames.lower(channel) + "." + TopicNames.lower(lane));
        return v == null ? 0 : v.get();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
