package io.herald.replay.auto;

import io.herald.replay.engine.BacklogDecoder;
import io.herald.replay.engine.BoundedScan;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.select.BacklogEntry;
import io.herald.replay.select.ReplayFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Whether a parked topic holds records an automatic release has not taken yet: records past the release group's
 * committed offsets that the release filter selects. Reads without joining the group, and stops at the first hit.
 */
final class ParkedBacklog {
    private final ReplayClients clients;
    private final BacklogDecoder decoder;

    ParkedBacklog(ReplayClients clients) {
        this.clients = clients;
        this.decoder = new BacklogDecoder(SourceKind.PARKED, clients.topics());
    }

    /** The first record past {@code group}'s committed offsets that {@code filter} selects, if {@code topic} holds one. */
    Optional<BacklogEntry> firstPending(String topic, String group, ReplayFilter filter) throws InterruptedException {
        try (Admin admin = clients.admin(); KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            var infos = consumer.partitionsFor(topic, clients.timeout());
            if (infos == null || infos.isEmpty()) return Optional.empty();
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, clients.timeout());
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, clients.timeout());
            Map<TopicPartition, Long> start = new HashMap<>();
            boolean behind = false;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long from = c == null ? beginning.get(tp) : Math.max(c.offset(), beginning.get(tp));
                start.put(tp, from);
                behind |= from < end.get(tp);
            }
            // Usually nothing new; the scan is only for what lies between (transaction markers, filtered-out reasons).
            if (!behind) return Optional.empty();
            BacklogEntry[] first = new BacklogEntry[1];
            BoundedScan.scanUntil(consumer, partitions, start, end, clients.timeout(), record -> {
                try {
                    BacklogEntry entry = decoder.entry(record);
                    if (filter.test(entry)) first[0] = entry;
                    return first[0] != null;
                } catch (SerializationException e) {
                    // An unreadable record alone is no reason to release; a release reports it when it passes it.
                    return false;
                }
            });
            return Optional.ofNullable(first[0]);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group + ": " + e.getMessage(), e);
        }
    }
}
