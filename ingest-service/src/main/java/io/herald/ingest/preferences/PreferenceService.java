package io.herald.ingest.preferences;

import io.herald.contracts.RecipientPreference;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.tenancy.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads and changes recipient preferences. A change is computed from the cached current version,
 * written to the preference topic (acks=all) and cached only after the acknowledgement; changes to
 * one recipient are serialised by a striped lock so two concurrent PUTs cannot lose a consent record.
 */
public final class PreferenceService {
    private final PreferenceStore store;
    private final Producer<String, RecipientPreference> producer;
    private final String topic;
    private final Clock clock;
    private final Duration timeout;
    private final long retryAfterSeconds;
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public PreferenceService(PreferenceStore store, Producer<String, RecipientPreference> producer, String topic,
                             Clock clock, Duration timeout, long retryAfterSeconds) {
        this.store = store;
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
        this.timeout = timeout;
        this.retryAfterSeconds = retryAfterSeconds;
        for (int i = 0; i < stripes.length; i++) stripes[i] = new ReentrantLock();
    }

    public Optional<RecipientPreference> get(String tenantId, String recipientId) {
        return store.get(tenantId, recipientId);
    }

    /** Applies {@code desired}; throws a 503 problem when Kafka does not acknowledge in time. */
    public RecipientPreference put(Caller caller, String recipientId, PreferenceInput desired) {
        String key = PreferenceStore.key(caller.tenantId(), recipientId);
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        lock.lock();
        try {
            RecipientPreference current = store.get(caller.tenantId(), recipientId).orElse(null);
            RecipientPreference next = PreferenceChange.apply(current, caller.tenantId(), recipientId, desired,
                    caller, clock.instant());
            producer.send(new ProducerRecord<>(topic, key, next)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            store.put(next);
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable();
        } finally {
            lock.unlock();
        }
    }

    private RuntimeException unavailable() {
        return Problems.unavailable("the preference change could not be stored durably; retry", retryAfterSeconds)
                .toException();
    }
}
