package io.herald.ingest.ops;

import io.herald.runtime.metrics.ServiceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The service's Prometheus metrics: requests by route and status, produce latency, accept outcomes; with the JVM
 * meters and the service's Kafka clients ({@link ServiceMetrics}).
 */
public final class IngestMetrics implements AutoCloseable {
    private final ServiceMetrics service = new ServiceMetrics();
    private final PrometheusMeterRegistry registry = service.registry();
    private final Timer produceOk;
    private final Timer produceFailed;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    public IngestMetrics() {
        produceOk = produceTimer("ok");
        produceFailed = produceTimer("failed");
    }

    /** One HTTP request, by route template (never the raw path: it may carry ids). */
    public void request(String method, String route, int status, Duration took) {
        // Cached per tag set: building and registering a meter on every request costs more than recording.
        requestTimers.computeIfAbsent(method + " " + route + " " + status, k -> Timer.builder("herald.ingest.http.requests")
                .description("HTTP requests by route and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry)).record(took);
    }

    public void produced(boolean ok, Duration took) {
        (ok ? produceOk : produceFailed).record(took);
    }

    /** What became of notifications: accepted, replayed, conflict, rejected, unavailable. */
    public void outcome(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> Counter.builder("herald.ingest.notifications")
                .description("Notifications by what became of them: accepted, replayed, conflict, rejected, invalid, unavailable")
                .tag("outcome", o).register(registry)).increment();
    }

    /** A gauge with its HELP text. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /** Exposes a producer's own metrics; returns it. */
    public <P extends Producer<?, ?>> P client(P producer) {
        return service.bind(producer);
    }

    /** Exposes a consumer's own metrics; returns it. */
    public <C extends Consumer<?, ?>> C client(C consumer) {
        return service.bind(consumer);
    }

    /** The Prometheus text exposition (samples without data left out, see {@link ServiceMetrics#scrape}). */
    public String scrape() {
        return service.scrape();
    }

    @Override
    public void close() {
        service.close();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Timer produceTimer(String result) {
        return Timer.builder("herald.ingest.produce.latency")
                .description("Time from send to Kafka acknowledgement (acks=all)")
                .tag("result", result)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }
}
