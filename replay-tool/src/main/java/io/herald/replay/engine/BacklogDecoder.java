package io.herald.replay.engine;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.replay.select.BacklogEntry;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import io.herald.schemas.registry.RegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns source records into {@link BacklogEntry}s and into the value a replay sends: a parked record's
 * {@code request} re-serialized for the target topic, a request's or a dead letter's bytes as they are.
 */
public final class BacklogDecoder {
    private final SourceKind kind;
    private final Deserializer<ParkedNotification> parked;
    private final Deserializer<NotificationRequest> requests;
    private final Serializer<NotificationRequest> replay;

    public BacklogDecoder(SourceKind kind, Topics topics) {
        this.kind = kind;
        this.parked = topics.parked(Channel.EMAIL).valueSerde().deserializer();
        this.requests = topics.request().valueSerde().deserializer();
        this.replay = topics.replay().valueSerde().serializer();
    }

    public SourceKind kind() {
        return kind;
    }

    /**
     * The entry of a record; throws {@link SerializationException} for unreadable bytes, but a
     * {@link RegistryUnavailableException} when the registry itself fails: an outage must stop a replay, never make it
     * skip the backlog as unreadable.
     */
    public BacklogEntry entry(ConsumerRecord<byte[], byte[]> record) {
        try {
            return decode(record);
        } catch (io.herald.schemas.registry.RegistryUnavailableException e) {
            throw new RegistryUnavailableException((RegistryException) e.getCause());
        } catch (SerializationException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RegistryException r && !r.isNotFound()) throw new RegistryUnavailableException(r);
            }
            throw e;
        }
    }

    private BacklogEntry decode(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return switch (kind) {
            case PARKED -> BacklogEntry.parked(record.topic(), record.partition(), record.offset(), key,
                    parked.deserialize(record.topic(), record.value()));
            case REQUEST -> BacklogEntry.request(record.topic(), record.partition(), record.offset(), key,
                    requests.deserialize(record.topic(), record.value()));
            case DLQ -> BacklogEntry.dlq(record.topic(), record.partition(), record.offset(), key,
                    Instant.ofEpochMilli(record.timestamp()), record.headers());
        };
    }

    /** The value to send to {@code targetTopic} for this record. */
    public byte[] replayValue(ConsumerRecord<byte[], byte[]> record, BacklogEntry entry, String targetTopic) {
        return kind == SourceKind.PARKED ? replay.serialize(targetTopic, entry.request()) : record.value();
    }
}
