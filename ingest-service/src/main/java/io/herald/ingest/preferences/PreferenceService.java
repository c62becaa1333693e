package io.herald.ingest.preferences;

import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.RecipientPreference;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.tenancy.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads recipient preferences and accepts changes to them. A change (or an erasure) is appended as a
 * {@link PreferenceEvent} to the preference-event topic, keyed by {@code tenant/recipientId}, and accepted once Kafka
 * acknowledged it (acks=all). Nothing here reads the cache to write: the router merges every instance's events into
 * the consent trail, one writer per recipient, so instances never overwrite each other's evidence. Reads come from
 * the {@link PreferenceStore}, the cache of the merged topic, which shows a change once the router merged it.
 */
public final class PreferenceService {
    private final PreferenceStore store;
    private final Producer<String, PreferenceEvent> producer;
    private final String eventTopic;
    private final Clock clock;
    private final Duration timeout;
    private final long retryAfterSeconds;
    private final String instanceId;

    public PreferenceService(PreferenceStore store, Producer<String, PreferenceEvent> producer, String eventTopic,
                             Clock clock, Duration timeout, long retryAfterSeconds, String instanceId) {
        this.store = store;
        this.producer = producer;
        this.eventTopic = eventTopic;
        this.clock = clock;
        this.timeout = timeout;
        this.retryAfterSeconds = retryAfterSeconds;
        this.instanceId = instanceId;
    }

    public Optional<RecipientPreference> get(String tenantId, String recipientId) {
        return store.get(tenantId, recipientId);
    }

    /** Appends {@code desired}; throws a 503 problem when Kafka does not acknowledge in time. */
    public PreferenceEvent put(Caller caller, String recipientId, PreferenceInput desired) {
        return append(PreferenceChange.set(caller.tenantId(), recipientId, desired, caller, clock.instant(),
                UUID.randomUUID().toString(), instanceId));
    }

    /** Appends the request to forget {@code recipientId}; throws a 503 problem when Kafka does not acknowledge in time. */
    public PreferenceEvent erase(Caller caller, String recipientId) {
        return append(PreferenceChange.erase(caller.tenantId(), recipientId, caller, clock.instant(),
                UUID.randomUUID().toString(), instanceId));
    }

    private PreferenceEvent append(PreferenceEvent event) {
        String key = PreferenceStore.key(event.getTenantId(), event.getRecipientId());
        try {
            producer.send(new ProducerRecord<>(eventTopic, key, event)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable();
        }
    }

    private RuntimeException unavailable() {
        return Problems.unavailable("the preference change could not be stored durably; retry", retryAfterSeconds)
                .toException();
    }
}
