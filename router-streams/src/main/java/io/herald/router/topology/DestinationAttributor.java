package io.herald.router.topology;

import io.herald.policy.destination.Destinations;
import io.herald.router.health.Attribution;
import io.herald.router.health.Blame;
import io.herald.router.health.Signal;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides, per attempt, whether its signal counts for the provider, the recipient's destination or both
 * ({@link Blame}), and forwards one signal per target, its {@code providerId} being the health key it counts
 * for ({@code destination:<name>} for a destination). It runs on the single-partition signal topic just
 * before the {@link HealthTracker}, so it sees every attempt in order; its memory is one small
 * {@link Attribution} per provider and per channel.
 */
final class DestinationAttributor extends ContextualProcessor<String, ProviderSignal, String, ProviderSignal> {
    static final String STORE = "router-destination-attribution";
    private static final String CHANNEL_KEY = "channel:";

    /** Providers and channels: a handful of keys, all of them remembered in practice. */
    private static final int MIRRORED = 1_024;

    private final long windowMs;
    private StoreMirror<Attribution> memory;

    DestinationAttributor(Duration window) {
        this.windowMs = window.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, ProviderSignal> context) {
        super.init(context);
        // A new mirror on every init: a revived task's store was rolled back (StoreMirror).
        KeyValueStore<String, Attribution> store = context.getStateStore(STORE);
        memory = new StoreMirror<>(store, MIRRORED);
    }

    @Override
    public void process(Record<String, ProviderSignal> record) {
        ProviderSignal s = record.value();
        String destination = s.destination();
        if (destination == null || s.signal().isProbe()) {
            context().forward(record.withKey(s.providerId()));
            return;
        }
        String channelKey = CHANNEL_KEY + s.channel();
        Attribution provider = remembered(s.providerId());
        Attribution channel = remembered(channelKey);
        Blame.Target target = Blame.of(s.channel(), s.signal(), destination, provider, channel, s.atMs(), windowMs);
        boolean delivered = s.signal() == Signal.SUCCESS || s.signal() == Signal.PERMANENT;
        memory.put(s.providerId(), delivered ? provider.delivered(destination, s.atMs()) : provider.failed(destination, s.atMs()));
        memory.put(channelKey, delivered ? channel.delivered(destination, s.atMs()) : channel.failed(destination, s.atMs()));
        if (target != Blame.Target.DESTINATION) {
            context().forward(record.withKey(s.providerId()));
        }
        if (target != Blame.Target.PROVIDER) {
            String key = Destinations.healthKey(destination);
            context().forward(record.withKey(key).withValue(new ProviderSignal(key, s.channel(), s.signal(), s.atMs(), destination)));
        }
    }

    private Attribution remembered(String key) {
        Attribution a = memory.get(key);
        return a != null ? a : Attribution.NONE;
    }
}
