package io.herald.replay.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads partitions from given positions up to end offsets captured before reading, so a scan of a topic that
 * keeps growing still terminates. Used by inspect, dry-run and the engine's pre-count.
 */
public final class BoundedScan {
    private static final Duration POLL = Duration.ofMillis(200);

    private BoundedScan() {
    }

    /** Scans from {@code start} (null: the beginning) to the current end offsets; returns those end offsets. */
    public static Map<TopicPartition, Long> scan(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                                                 Map<TopicPartition, Long> start, Duration stallTimeout,
                                                 Consumer<ConsumerRecord<byte[], byte[]>> each) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, stallTimeout);
        scan(consumer, partitions, start, end, stallTimeout, each);
        return end;
    }

    /** Scans from {@code start} (null: the beginning) to {@code end}. */
    public static void scan(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                            Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, Duration stallTimeout,
                            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        scanUntil(consumer, partitions, start, end, stallTimeout, record -> {
            each.accept(record);
            return false;
        });
    }

    /**
     * Scans from {@code start} (null: the beginning) to {@code end}, stopping at the first record {@code found}
     * accepts; returns whether one did.
     */
    public static boolean scanUntil(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                                    Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, Duration stallTimeout,
                                    Predicate<ConsumerRecord<byte[], byte[]>> found) {
        consumer.assign(partitions);
        if (start == null) consumer.seekToBeginning(partitions);
        else partitions.forEach(tp -> consumer.seek(tp, start.getOrDefault(tp, 0L)));
        Set<TopicPartition> open = new HashSet<>(partitions);
        long lastProgress = System.nanoTime();
        while (true) {
            open.removeIf(tp -> consumer.position(tp) >= end.getOrDefault(tp, 0L));
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            if (open.isEmpty()) return false;
            var records = consumer.poll(POLL);
            if (!records.isEmpty()) lastProgress = System.nanoTime();
            else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new TimeoutException("no records for " + stallTimeout.toSeconds() + " s while reading " + open
                        + " up to " + end);
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.getOrDefault(tp, 0L) && found.test(record)) return true;
            }
        }
    }
}
