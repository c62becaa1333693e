package io.herald.ingest.preferences;

import io.herald.contracts.RecipientPreference;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current preferences of every recipient, materialised from the compacted preference topic by a
 * tailing consumer (the topic is the source of truth; this is a cache for GET and for diffing a PUT).
 * Ready once it has read up to the end offsets seen at start. Only newer versions replace a cached
 * one, so a lagging tail never rolls back a write this instance just made.
 *
 * <p>The tail runs on a {@link SupervisedLoop}: a read that fails restarts where it stopped (an unreadable record is
 * skipped, a registry that does not answer is waited for), and the store is ready only while caught up.
 */
public final class PreferenceStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreferenceStore.class);

    private final String topic;
    private final Map<String, RecipientPreference> byKey = new ConcurrentHashMap<>();
    private final SupervisedLoop tail;

    /** A store on one consumer, which a failed read cannot replace (tests that never start the tail). */
    public PreferenceStore(Consumer<String, RecipientPreference> consumer, String topic) {
        this(() -> consumer, topic, null);
    }

    /**
     * @param consumers makes the tail's consumer, again after each failure (no group, no auto-commit)
     * @param meters    where the tail's restarts are counted; null for none
     */
    public PreferenceStore(Supplier<? extends Consumer<String, RecipientPreference>> consumers, String topic, MeterRegistry meters) {
        this.topic = topic;
        this.tail = new SupervisedLoop("ingest-preference-tail", TopicFollower.of(consumers, topic, TopicFollower.From.BEGINNING,
                Duration.ofMillis(500), Duration.ofSeconds(30), this::apply), Backoff.DEFAULT, meters);
    }

    public static String key(String tenantId, String recipientId) {
        return tenantId + "/" + recipientId;
    }

    public void start() {
        tail.start();
    }

    /** Waits until the store has read what the topic held at start. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        boolean ready = tail.awaitReady(timeout);
        if (ready) LOG.info("preference store caught up with {}: {} recipients", topic, byKey.size());
        return ready;
    }

    /** True while the tail reads the topic or will again by itself; false only if it stopped for good. */
    public boolean following() {
        return tail.alive();
    }

    /** True while the tail is caught up: false while it starts and while a failed read restarts. */
    public boolean isCaughtUp() {
        return tail.ready();
    }

    /** Restarts of the tail after a failed read since start. */
    public long restarts() {
        return tail.restarts();
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

    private void apply(ConsumerRecord<String, RecipientPreference> record) {
        if (record.key() == null) return;
        if (record.value() == null) byKey.remove(record.key());
        else remember(record.key(), record.value());
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
