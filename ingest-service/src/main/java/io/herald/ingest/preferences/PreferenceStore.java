package io.herald.ingest.preferences;

import io.herald.contracts.RecipientPreference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current preferences of every recipient, materialised from the compacted preference topic by a
 * tailing consumer (the topic is the source of truth; this is a cache for GET and for diffing a PUT).
 * Ready once it has read up to the end offsets seen at start. Only newer versions replace a cached
 * one, so a lagging tail never rolls back a write this instance just made.
 */
public final class PreferenceStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreferenceStore.class);

    private final Consumer<String, RecipientPreference> consumer;
    private final String topic;
    private final Map<String, RecipientPreference> byKey = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread tail;
    private volatile boolean running = true;

    public PreferenceStore(Consumer<String, RecipientPreference> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
        this.tail = new Thread(this::run, "preference-tail");
        this.tail.setDaemon(true);
    }

    public static String key(String tenantId, String recipientId) {
        return tenantId + "/" + recipientId;
    }

    public void start() {
        tail.start();
    }

    /** Waits until the store has read what the topic held at start. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while the tail reads the topic: one that stopped on an error serves preferences that grow stale. */
    public boolean following() {
        return running && tail.isAlive();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public Optional<RecipientPreference> get(String tenantId, String recipientId) {
        return Optional.ofNullable(byKey.get(key(tenantId, recipientId)));
    }

    /** Records a version this instance wrote (after Kafka acknowledged it). */
    public void put(RecipientPreference preference) {
        remember(key(preference.getTenantId(), preference.getRecipientId()), preference);
    }

    private void remember(String key, RecipientPreference preference) {
        byKey.merge(key, preference, (old, neu) -> neu.getUpdatedAt().isBefore(old.getUpdatedAt()) ? old : neu);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running) {
                try {
                    for (ConsumerRecord<String, RecipientPreference> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.key() == null) continue;
                        if (record.value() == null) byKey.remove(record.key());
                        else remember(record.key(), record.value());
                    }
                } catch (RecordDeserializationException e) {
                    // An unreadable record is somebody else's bug; skip it rather than stop serving preferences.
                    LOG.warn("skipping unreadable preference record at {}-{}", e.topicPartition(), e.offset());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("preference store caught up with {}: {} recipients", topic, byKey.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("preference tail stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        tail.join(5_000);
    }
}
