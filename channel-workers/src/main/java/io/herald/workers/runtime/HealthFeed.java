package io.herald.workers.runtime;

import io.herald.contracts.ProviderHealth;
import io.herald.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted provider-health topic from the beginning into a {@link HealthView}, without a
 * consumer group (every worker needs the whole table). Unreadable records are skipped with a warning:
 * health is advisory, a bad record must not stop deliveries.
 */
public final class HealthFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthFeed.class);
    private final Topic<String, ProviderHealth> topic;
    private final HealthView view;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean caughtUp;

    public HealthFeed(Topic<String, ProviderHealth> topic, HealthView view, Map<String, Object> kafka) {
        this.topic = topic;
        this.view = view;
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "herald-worker-health");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once everything on the topic at start-up has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** True while the feed is reading: a feed that stopped on an error leaves the health view frozen. */
    public boolean following() {
        return thread.isAlive();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) apply(r);
                if (!caughtUp) caughtUp = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("provider-health feed stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            if (r.key() != null) view.forget(r.key());
            return;
        }
        try {
            view.apply(topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        } catch (RuntimeException e) {
            LOG.warn("skipping unreadable provider-health record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
