package io.herald.workers.runtime;

import io.herald.contracts.Priority;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which of the worker's assigned partitions must be paused right now. Recomputed from scratch after
 * every poll, so it is right after a rebalance too (Kafka forgets pauses of partitions that move; this
 * function does not depend on them). Pure.
 *
 * <ul>
 *   <li>lower dispatch lanes (transactional, bulk) pause while the critical lane has anything pending;</li>
 *   <li>a retry partition pauses until its first record is due (the record stays unconsumed, other
 *       partitions keep flowing).</li>
 * </ul>
 */
final class LanePolicy {
    private LanePolicy() {
    }

    /**
     * @param laneOfTopic     dispatch topic → lane; retry topics are absent
     * @param criticalPending whether critical records are waiting (lag or records handed back this poll)
     * @param holds           retry partition → instant its next record is due
     */
    static Set<TopicPartition> paused(Set<TopicPartition> assigned, Map<String, Priority> laneOfTopic, boolean criticalPending,
                                      Map<TopicPartition, Instant> holds, Instant now) {
        Set<TopicPartition> paused = new HashSet<>();
        for (TopicPartition tp : assigned) {
            Priority lane = laneOfTopic.get(tp.topic());
            if (lane != null && lane != Priority.CRITICAL && criticalPending) paused.add(tp);
            Instant due = holds.get(tp);
            if (due != null && due.isAfter(now)) paused.add(tp);
        }
        return paused;
    }
}
