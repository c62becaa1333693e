package io.herald.replay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.NotificationRequest;
import io.herald.replay.select.BacklogEntry;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BacklogDecoderTest {
    private final Topics topics = Topics.create(new InMemorySchemaRegistryClient());
    private final BacklogDecoder decoder = new BacklogDecoder(SourceKind.DLQ, topics);

    @Test
    void aDeadLetteredRequestIsReplayedUnderItsNotificationIdNotTheRequestTopicsKey() {
        NotificationRequest request = Samples.otp("acme", "k-1", Instant.parse("2026-11-30T10:00:00Z"));
        byte[] bytes = topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, request);
        ConsumerRecord<byte[], byte[]> dead = dlqRecord("acme/k-1", bytes, TopicNames.REQUEST);

        BacklogEntry entry = decoder.entry(dead);

        assertThat(entry.notificationId()).isEqualTo(request.getNotificationId());
        assertThat(entry.reason()).isEqualTo("validation");
        assertThat(new String(decoder.replayKey(dead, entry), StandardCharsets.UTF_8)).isEqualTo(request.getNotificationId());
        assertThat(decoder.replayValue(dead, entry, TopicNames.REPLAY)).isEqualTo(bytes);
    }

    @Test
    void aDeadLetterFromTheCriticalRequestTopicIsKnownByItsRequestToo() {
        NotificationRequest request = Samples.otp("acme", "k-3", Instant.parse("2026-11-30T10:00:00Z"));
        byte[] bytes = topics.criticalRequest().valueSerde().serializer().serialize(TopicNames.REQUEST_CRITICAL, request);
        ConsumerRecord<byte[], byte[]> dead = dlqRecord(request.getNotificationId(), bytes, TopicNames.REQUEST_CRITICAL);

        BacklogEntry entry = decoder.entry(dead);

        assertThat(entry.request()).isNotNull();
        assertThat(entry.notificationId()).isEqualTo(request.getNotificationId());
        assertThat(new String(decoder.replayKey(dead, entry), StandardCharsets.UTF_8)).isEqualTo(request.getNotificationId());
    }

    @Test
    void unreadableDeadLettersKeepTheirKey() {
        ConsumerRecord<byte[], byte[]> dead = dlqRecord("acme/k-2", new byte[] {1, 2, 3}, TopicNames.REQUEST);

        BacklogEntry entry = decoder.entry(dead);

        assertThat(new String(decoder.replayKey(dead, entry), StandardCharsets.UTF_8)).isEqualTo("acme/k-2");
        assertThat(entry.request()).isNull();
    }

    private static ConsumerRecord<byte[], byte[]> dlqRecord(String key, byte[] value, String source) {
        RecordHeaders headers = new RecordHeaders();
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_CAUSE, "validation");
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_TOPIC, source);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(TopicNames.DLQ, 0, 7L, 1_795_428_000_000L, TimestampType.CREATE_TIME, k.length,
                value.length, k, value, headers, Optional.empty());
    }
}
