package io.herald.runtime.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Prometheus registry of one Herald service: JVM meters (memory, GC, threads, class loading, CPU, uptime)
 * bound at creation, Kafka client meters bound per client ({@link #bind(Producer)}, {@link #bind(Consumer)}),
 * and the scrape every service's {@code /metrics} serves ({@link #scrape(PrometheusMeterRegistry)}).
 *
 * <p>Herald's own meters are named {@code herald.<service>.<what>} ({@code herald_<service>_<what>} in
 * Prometheus) and carry a description, which becomes their HELP text.
 */
public final class ServiceMetrics implements AutoCloseable {
    /** The content type of {@link #scrape}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final Map<String, KafkaClientMetrics> byClientId = new HashMap<>();

    public ServiceMetrics() {
        registry.config().meterFilter(DESCRIBED).meterFilter(ONE_STATE_STORE_TAG);
        JvmGcMetrics gc = new JvmGcMetrics();
        binders.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
    }

    /**
     * Gives every meter a HELP text: some Kafka client metrics come without a description (the per-node request
     * latencies), and Prometheus then writes no HELP line at all. Those say what they are from their name.
     */
    static final MeterFilter DESCRIBED = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (id.getDescription() != null && !id.getDescription().isBlank()) return id;
            return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), describe(id.getName()),
                    id.getType());
        }
    };

    /**
     * Kafka Streams names a state store's tag after its kind ({@code rocksdb.state.id}, {@code in.memory.state.id},
     * {@code rocksdb.window.state.id}…), but Prometheus wants one set of label names per metric: the second kind of
     * store to report {@code kafka.stream.state.flush.latency.max} was refused with a WARN and not exposed. The kind
     * becomes a value instead: {@code state.id} and {@code store.type}.
     */
    static final MeterFilter ONE_STATE_STORE_TAG = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (!id.getName().startsWith("kafka.stream.state.")) return id;
            List<Tag> tags = new ArrayList<>();
            boolean changed = false;
            for (Tag tag : id.getTagsAsIterable()) {
                java.util.regex.Matcher kind = STORE_KIND.matcher(tag.getKey());
                if (kind.matches()) {
                    tags.add(Tag.of("state.id", tag.getValue()));
                    tags.add(Tag.of("store.type", kind.group(1).replace('-', '.')));
                    changed = true;
                } else {
                    tags.add(tag);
                }
            }
            return changed ? id.replaceTags(tags) : id;
        }
    };
    private static final java.util.regex.Pattern STORE_KIND = java.util.regex.Pattern.compile("(.+)[.-]state[.-]id");

    /** The HELP text of a meter without a description: what its name says, e.g. Kafka's {@code node.request.latency.avg}. */
    static String describe(String name) {
        String source = name.startsWith("kafka.") ? "Kafka client metric " : "Metric ";
        return source + name + " (no description given by its source).";
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Exposes a producer's own metrics ({@code kafka_producer_*}) until this registry closes; returns it. */
    public synchronized <P extends Producer<?, ?>> P bind(P producer) {
        return bound(new KafkaClientMetrics(producer), producer, clientId(producer.metrics()));
    }

    /** Exposes a consumer's own metrics ({@code kafka_consumer_*}) until this registry closes; returns it. */
    public synchronized <C extends Consumer<?, ?>> C bind(C consumer) {
        return bound(new KafkaClientMetrics(consumer), consumer, clientId(consumer.metrics()));
    }

    private <T> T bound(KafkaClientMetrics metrics, T client, String clientId) {
        // A supervised loop makes its consumer again after a failure, with the same client id: the new client's meters
        // replace those of the one it succeeds instead of colliding with them ("already registered").
        KafkaClientMetrics previous = clientId == null ? null : byClientId.remove(clientId);
        if (previous != null) {
            previous.close();
            binders.remove(previous);
        }
        metrics.bindTo(registry);
        binders.add(metrics);
        if (clientId != null) byClientId.put(clientId, metrics);
        return client;
    }

    /** The {@code client-id} tag of a Kafka client's metrics, or null. */
    static String clientId(Map<MetricName, ? extends Metric> metrics) {
        return metrics.keySet().stream().map(name -> name.tags().get("client-id")).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    /** What {@code /metrics} serves: {@link #scrape(PrometheusMeterRegistry)} of this registry. */
    public String scrape() {
        return scrape(registry);
    }

    /**
     * The Prometheus text exposition of {@code registry} without samples whose value is NaN: Kafka reports NaN for
     * averages and maxima over a window with no data (no request yet), and a NaN sample breaks alert arithmetic.
     * An absent sample says "no data" honestly; the series' HELP and TYPE lines stay.
     */
    public static String scrape(PrometheusMeterRegistry registry) {
        return withoutNaN(registry.scrape());
    }

    static String withoutNaN(String exposition) {
        StringBuilder out = new StringBuilder(exposition.length());
        exposition.lines().filter(line -> line.startsWith("#") || !line.endsWith(" NaN"))
                .forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** Unbinds the Kafka clients and the GC listener, then closes the registry. */
    @Override
    public synchronized void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // closing: a binder that fails to close leaves nothing to clean up that matters
            }
        }
        binders.clear();
        registry.close();
    }
}
