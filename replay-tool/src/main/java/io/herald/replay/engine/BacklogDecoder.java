package io.herald.replay.engine;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.replay.select.BacklogEntry;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.topics.TopicNames;
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
            case DLQ -> dlq(record, key);
        };
    }

    /** A dead letter from a request topic (either lane's) or the replay topic whose bytes are a readable request is known by its request. */
    private BacklogEntry dlq(ConsumerRecord<byte[], byte[]> record, String key) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        String source = HeraldHeaders.get(record.headers(), HeraldHeaders.DLQ_SOURCE_TOPIC);
        if (TopicNames.isRequest(source) || TopicNames.REPLAY.equals(source)) {
            try {
                NotificationRequest request = requests.deserialize(source, record.value());
                if (request != null) {
                    return BacklogEntry.dlqRequest(record.topic(), record.partition(), record.offset(), key, at,
                            record.headers(), request);
                }
            } catch (SerializationException unreadable) {
                // Replayed as the bytes they are, under their key; the router dead-letters them again.
            }
        }
        return BacklogEntry.dlq(record.topic(), record.partition(), record.offset(), key, at, record.headers());
    }

    /**
     * The key to send: a dead-lettered request goes to the replay topic under its notificationId, the key the router's
     * ledger (and the replay topic's partitioning) use, not under the request topic's {@code tenant/idempotencyKey}.
     */
    public byte[] replayKey(ConsumerRecord<byte[], byte[]> record, BacklogEntry entry) {
        if (kind == SourceKind.DLQ && entry.request() != null) {
            return entry.request().getNotificationId().getBytes(StandardCharsets.UTF_8);
        }
        return record.key();
    }

    /** The value to send to {@code targetTopic} for this record. */
    public byte[] replayValue(ConsumerRecord<byte[], byte[]> record, BacklogEntry entry, String targetTopic) {
        return kind == SourceKind.PARKED ? replay.serialize(targetTopic, entry.request()) : record.value();
    }
}
