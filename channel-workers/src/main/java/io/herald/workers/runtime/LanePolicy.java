package io.herald.workers.runtime;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which of the worker's assigned partitions must be paused right now: a retry partition until its first record is due
 * (the record stays unconsumed, other partitions keep flowing). Recomputed from scratch after every poll, so it is
 * right after a rebalance too (Kafka forgets pauses of partitions that move; this function does not depend on them).
 * Pure.
 *
 * <p>Lanes no longer pause each other: the critical lane has a worker of its own ({@link ChannelWorker.Lanes}).
 */
final class LanePolicy {
    private LanePolicy() {
    }

    /** @param holds retry partition → instant its next record is due */
    static Set<TopicPartition> paused(Set<TopicPartition> assigned, Map<TopicPartition, Instant> holds, Instant now) {
        Set<TopicPartition> paused = new HashSet<>();
        for (TopicPartition tp : assigned) {
            Instant due = holds.get(tp);
            if (due != null && due.isAfter(now)) paused.add(tp);
        }
        return paused;
    }
}
