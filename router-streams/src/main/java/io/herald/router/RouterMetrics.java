package io.herald.router;

import io.herald.router.decision.ChannelChooser;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.router.decision.RoutingPolicy;
import io.herald.router.topology.DecisionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.herald.runtime.metrics.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The router's Prometheus metrics: decisions by outcome, lane and channel; dedup hits; dead letters;
 * health state per provider (0 healthy, 1 degraded, 2 half-open, 3 down), read from the global
 * health view so every instance reports the same value. The registry also holds the JVM meters
 * ({@link ServiceMetrics}) and, bound by {@code RouterApp}, Kafka Streams' and its clients' meters.
 */
public final class RouterMetrics implements DecisionListener {
    private final ServiceMetrics service = new ServiceMetrics();
    private final PrometheusMeterRegistry registry = service.registry();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Counter dedupHits;
    private final Counter healthTransitions;
    private volatile long lastRegistryOutageMs = Long.MIN_VALUE / 2;

    public RouterMetrics(RoutingPolicy routing, Function<String, HealthState> healthView) {
        dedupHits = Counter.builder("herald.router.dedup.hits").description("Requests dropped as duplicates").register(registry);
        healthTransitions = Counter.builder("herald.router.health.transitions")
                .description("Provider health transitions published by this instance").register(registry);
        routing.providers().forEach((channel, ids) -> ids.forEach(id -> Gauge.builder("herald.router.provider.health",
                        () -> code(healthView.apply(id)))
                .description("Provider health: 0 healthy, 1 degraded, 2 half-open, 3 down")
                .tags("provider", id, "channel", channel.name().toLowerCase())
                .register(registry)));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void decided(DeliveryOutcome outcome) {
        String status = outcome.getStatus().name();
        String lane = outcome.getLane() == null ? "none" : outcome.getLane().name().toLowerCase();
        String channel = outcome.getChannel() == null ? "none" : outcome.getChannel().name().toLowerCase();
        decisions.computeIfAbsent(status + "|" + lane + "|" + channel, k -> Counter.builder("herald.router.decisions")
                .description("Routing decisions by outcome, lane and channel")
                .tags(Tags.of("outcome", status.toLowerCase(), "lane", lane, "channel", channel))
                .register(registry)).increment();
        if (outcome.getDecision() != null && ChannelChooser.WARM_SECONDARY.equals(outcome.getDecision().getRule())) {
            registry.counter("herald.router.warmup", "provider", String.valueOf(outcome.getProvider()), "lane", lane).increment();
        }
    }

    @Override
    public void duplicate(String tenantId) {
        dedupHits.increment();
    }

    @Override
    public void healthChanged(ProviderHealth health) {
        healthTransitions.increment();
    }

    @Override
    public void deadLettered(String topic) {
        Counter.builder("herald.router.dead.letters").description("Records sent to a dead-letter topic, by topic")
                .tag("topic", topic).register(registry).increment();
    }

    @Override
    public void registryUnavailable(String topic) {
        registry.counter("herald.router.registry.unavailable", "topic", topic).increment();
        lastRegistryOutageMs = System.currentTimeMillis();
    }

    /** Whether a record could not be read for want of the schema registry within the last {@code window}. */
    public boolean registryUnavailableWithin(java.time.Duration window) {
        return System.currentTimeMillis() - lastRegistryOutageMs < window.toMillis();
    }

    private static double code(HealthState state) {
        if (state == null) return 0;
        return switch (state) {
            case HEALTHY -> 0;
            case DEGRADED -> 1;
            case HALF_OPEN -> 2;
            case DOWN -> 3;
        };
    }

    public void close() {
        service.close();
    }
}
