package io.herald.workers.runtime;

import io.herald.contracts.ProviderHealth;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.LoopState;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import io.herald.schemas.registry.RegistryUnavailableException;
import io.herald.schemas.topics.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted provider-health topic from the beginning into a {@link HealthView}, without a
 * consumer group (every worker needs the whole table), on a {@link SupervisedLoop}: a read that fails is
 * restarted where it stopped, and the feed is ready only while it is caught up. Unreadable records are
 * skipped with a warning: health is advisory, a bad record must not stop deliveries.
 */
public final class HealthFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthFeed.class);
    private final Topic<String, ProviderHealth> topic;
    private final HealthView view;
    private final SupervisedLoop loop;

    public HealthFeed(Topic<String, ProviderHealth> topic, HealthView view, Map<String, Object> kafka) {
        this(topic, view, kafka, null);
    }

    /** @param meters where the loop's restarts are counted; null for none */
    public HealthFeed(Topic<String, ProviderHealth> topic, HealthView view, Map<String, Object> kafka, MeterRegistry meters) {
        this.topic = topic;
        this.view = view;
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TopicFollower<String, byte[]> follower = TopicFollower.of(
                () -> new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()),
                topic.name(), TopicFollower.From.BEGINNING, Duration.ofMillis(200), Duration.ofSeconds(30), this::apply);
        this.loop = new SupervisedLoop("worker-provider-health", follower, Backoff.DEFAULT, meters);
    }

    public void start() {
        loop.start();
    }

    /** True while the feed is caught up with the topic: false while starting and while a failed read restarts. */
    public boolean caughtUp() {
        return loop.ready();
    }

    /** True while the feed reads or will read again by itself; false only if it stopped for good. */
    public boolean following() {
        return loop.alive();
    }

    public LoopState state() {
        return loop.state();
    }

    /** Restarts after a failed read since start. */
    public long restarts() {
        return loop.restarts();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            if (r.key() != null) view.forget(r.key());
            return;
        }
        try {
            view.apply(topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        } catch (RuntimeException e) {
            // A registry that does not answer says nothing about the record: read it again after a restart.
            if (RegistryUnavailableException.in(e).isPresent()) throw e;
            LOG.warn("skipping unreadable provider-health record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
