package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LanePolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final TopicPartition CRITICAL = new TopicPartition("crit", 0);
    private static final TopicPartition TRANSACTIONAL = new TopicPartition("tx", 0);
    private static final TopicPartition BULK = new TopicPartition("bulk", 1);
    private static final TopicPartition RETRY = new TopicPartition("retry", 0);
    private static final Map<String, Priority> LANES = Map.of("crit", Priority.CRITICAL, "tx", Priority.TRANSACTIONAL, "bulk", Priority.BULK);
    private static final Set<TopicPartition> ALL = Set.of(CRITICAL, TRANSACTIONAL, BULK, RETRY);

    @Test
    void lowerLanesPauseWhileCriticalWorkIsPending() {
        assertThat(LanePolicy.paused(ALL, LANES, true, Map.of(), NOW)).containsExactlyInAnyOrder(TRANSACTIONAL, BULK);
    }

    @Test
    void nothingPausesWithoutCriticalWorkOrRetryHolds() {
        assertThat(LanePolicy.paused(ALL, LANES, false, Map.of(), NOW)).isEmpty();
    }

    @Test
    void aRetryPartitionPausesUntilItsRecordIsDueAndNoLonger() {
        assertThat(LanePolicy.paused(ALL, LANES, false, Map.of(RETRY, NOW.plusSeconds(1)), NOW)).containsExactly(RETRY);
        assertThat(LanePolicy.paused(ALL, LANES, false, Map.of(RETRY, NOW), NOW)).isEmpty();
    }

    @Test
    void afterARebalanceOnlyTheNewAssignmentIsConsidered() {
        Set<TopicPartition> afterRebalance = Set.of(CRITICAL, new TopicPartition("bulk", 2));

        assertThat(LanePolicy.paused(afterRebalance, LANES, true, Map.of(BULK, NOW.plusSeconds(5)), NOW))
                .containsExactly(new TopicPartition("bulk", 2));
    }
}
