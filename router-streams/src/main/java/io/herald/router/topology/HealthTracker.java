package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.WindowStats;
import io.herald.policy.destination.Destinations;
import io.herald.router.decision.RoutingPolicy;
import io.herald.router.health.HealthMachine;
import io.herald.router.health.ProviderTracker;
import io.herald.router.health.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link HealthMachine} per provider over worker attempt signals and active probe results
 * (notify.provider-probe.v1), and publishes every
 * transition to notify.provider-health.v1 (logged at WARN: each one is alert-worthy, no silent
 * failover). A wall-clock punctuator lets time act (DOWN → HALF_OPEN, transitions that waited for
 * dwell) and applies operator overrides from the control view. Signals arrive on a single-partition
 * topic, so one task owns every provider and there is exactly one writer of health.
 */
final class HealthTracker extends ContextualProcessor<String, ProviderSignal, String, Emit> {
    static final String STORE = "router-health-tracker";
    private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);

    private final HealthMachine machine;
    private final RoutingPolicy routing;
    private final Duration tick;
    private final DecisionListener listener;
    /** Providers and destinations seen lately; a destination (a domain) beyond it is read from the store again. */
    private static final int MIRRORED = 10_000;

    private KeyValueStore<String, ProviderTracker> trackers;
    private StoreMirror<ProviderTracker> mirror;
    private Views views;

    HealthTracker(HealthMachine machine, RoutingPolicy routing, Duration tick, DecisionListener listener) {
        this.machine = machine;
        this.routing = routing;
        this.tick = tick;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        trackers = context.getStateStore(STORE);
        // A new mirror on every init: a revived task's store was rolled back (StoreMirror).
        mirror = new StoreMirror<>(trackers, MIRRORED);
        views = new Views(context);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void process(Record<String, ProviderSignal> record) {
        ProviderSignal signal = record.value();
        ProviderTracker tracker = tracker(signal.providerId(), signal.channel(), signal.atMs());
        tracker = applyOverride(tracker, views.overrides().get(signal.providerId()), context().currentSystemTimeMs());
        HealthMachine.Step step = machine.observe(tracker, signal.signal(), signal.atMs());
        save(step);
    }

    private void onTick(long now) {
        Map<String, HealthState> overrides = new HashMap<>(views.overrides());
        List<KeyValue<String, ProviderTracker>> all = new ArrayList<>();
        try (KeyValueIterator<String, ProviderTracker> it = trackers.all()) {
            while (it.hasNext()) all.add(it.next());
        }
        for (KeyValue<String, ProviderTracker> kv : all) {
            ProviderTracker tracker = applyOverride(kv.value, overrides.remove(kv.key), now);
            HealthMachine.Step step = machine.tick(tracker, now);
            // Most ticks change nothing: no store write (and no changelog record) for those.
            if (step.changed() || !step.tracker().equals(kv.value)) save(step);
        }
        // Forced providers never observed yet still need their state published.
        overrides.forEach((provider, forced) -> {
            Channel channel = channelOf(provider);
            if (channel != null) applyOverride(tracker(provider, channel, now), forced, now);
        });
    }

    /** A provider's configured channel; a destination's by its name ({@code webhook:<host>} or else email). */
    private Channel channelOf(String key) {
        if (!Destinations.isHealthKey(key)) return routing.channelOf(key);
        return key.startsWith(Destinations.healthKey(Destinations.WEBHOOK_PREFIX)) ? Channel.WEBHOOK : Channel.EMAIL;
    }

    private ProviderTracker applyOverride(ProviderTracker tracker, HealthState forced, long now) {
        HealthMachine.Step step = machine.override(tracker, forced, now);
        // No override and none cleared: the tracker is unchanged and whoever called goes on to save what it does next.
        if (step.changed()) save(step);
        return step.tracker();
    }

    private ProviderTracker tracker(String providerId, Channel channel, long now) {
        ProviderTracker existing = mirror.get(providerId);
        return existing != null ? existing : ProviderTracker.fresh(providerId, channel, now);
    }

    /** Stores the step's tracker unless it is what the store holds already (no override, a tick that changed nothing). */
    private void save(HealthMachine.Step step) {
        ProviderTracker tracker = step.tracker();
        mirror.put(tracker.providerId(), tracker);
        if (!step.changed()) return;
        ProviderHealth health = health(tracker, step.transition());
        LOG.warn("provider {} ({}) {} -> {}: {} [source {}, window attempts={} transient={} throttled={} streak={}]",
                health.getProviderId(), health.getChannel(), health.getPreviousState(), health.getState(),
                health.getReason(), health.getSource(), health.getWindow().getAttempts(),
                health.getWindow().getTransientFailures(), health.getWindow().getThrottled(),
                health.getWindow().getConsecutiveTransientFailures());
        listener.healthChanged(health);
        context().forward(new Record<>(tracker.providerId(), new Emit.Health(health), step.transition().atMs()));
    }

    static ProviderHealth health(ProviderTracker tracker, Transition t) {
        ProviderTracker ev = t.evidence();
        WindowStats window = WindowStats.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(ev.windowStartMs()))
                .setWindowEnd(Instant.ofEpochMilli(t.atMs()))
                .setAttempts(ev.attempts())
                .setSuccesses(ev.successes())
                .setTransientFailures(ev.transientFailures())
                .setThrottled(ev.throttled())
                .setPermanentFailures(ev.permanentFailures())
                .setConsecutiveTransientFailures(ev.consecutiveTransient())
                .setFailureRatio(ev.failureRatio())
                .build();
        return ProviderHealth.newBuilder()
                .setProviderId(tracker.providerId())
                .setChannel(tracker.channel())
                .setState(t.to())
                .setPreviousState(t.from())
                .setSince(Instant.ofEpochMilli(t.atMs()))
                .setReason(t.reason())
                .setSource(t.source())
                .setWindow(window)
                .setHalfOpenSuccesses(tracker.halfOpenSuccesses())
                .setOperatorOverride(tracker.forced() != null)
                .setDestination(Destinations.isHealthKey(tracker.providerId())
                        ? tracker.providerId().substring(Destinations.HEALTH_KEY_PREFIX.length()) : null)
                .build();
    }
}
