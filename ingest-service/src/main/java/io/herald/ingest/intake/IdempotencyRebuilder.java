package io.herald.ingest.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the {@link IdempotencyLedger} (and today's {@link io.herald.ingest.tenancy.DailyQuota} usage)
 * at start-up from the request topic, the durable source of truth: every record this service wrote in the
 * last window carries its body fingerprint, id, writer and channels in headers ({@link AcceptedRequests}). Reads headers only (no Avro decoding), from the window's start offsets to the end offsets
 * seen at start. Records written by other producers (no headers) are left to the router's dedup.
 * {@link AcceptedRequestsFollower} then keeps reading with the same consumer, from where this stopped.
 */
public final class IdempotencyRebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyRebuilder.class);

    private IdempotencyRebuilder() {
    }

    /** Returns how many keys were learned; fails if the topic cannot be read within {@code timeout}. */
    public static int rebuild(Consumer<String, byte[]> consumer, String topic, Duration window, Instant now,
                              Duration timeout, AcceptedRequests accepted) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            LOG.warn("request topic {} has no partitions yet; nothing to rebuild", topic);
            return 0;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        for (TopicPartition tp : partitions) since.put(tp, now.minus(window).toEpochMilli());
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, timeout);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = starts.get(tp);
            consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
        }
        int learned = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(consumer, ends)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic + " within " + timeout);
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (accepted.learn(record)) learned++;
            }
        }
        LOG.info("idempotency ledger rebuilt from {}: {} keys from the last {}", topic, learned, window);
        return learned;
    }

    private static boolean caughtUp(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) return false;
        }
        return true;
    }
}
