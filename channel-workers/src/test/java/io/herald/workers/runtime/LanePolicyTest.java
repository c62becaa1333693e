package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LanePolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final TopicPartition TRANSACTIONAL = new TopicPartition("tx", 0);
    private static final TopicPartition BULK = new TopicPartition("bulk", 1);
    private static final TopicPartition RETRY = new TopicPartition("retry", 0);
    private static final Set<TopicPartition> ALL = Set.of(TRANSACTIONAL, BULK, RETRY);

    @Test
    void nothingPausesWithoutRetryHolds() {
        assertThat(LanePolicy.paused(ALL, Map.of(), NOW)).isEmpty();
    }

    @Test
    void aRetryPartitionPausesUntilItsRecordIsDueAndNoLonger() {
        assertThat(LanePolicy.paused(ALL, Map.of(RETRY, NOW.plusSeconds(1)), NOW)).containsExactly(RETRY);
        assertThat(LanePolicy.paused(ALL, Map.of(RETRY, NOW), NOW)).isEmpty();
    }

    @Test
    void afterARebalanceOnlyTheNewAssignmentIsConsidered() {
        Set<TopicPartition> afterRebalance = Set.of(TRANSACTIONAL, new TopicPartition("retry", 2));

        assertThat(LanePolicy.paused(afterRebalance, Map.of(RETRY, NOW.plusSeconds(5), new TopicPartition("retry", 2), NOW.plusSeconds(5)), NOW))
                .containsExactly(new TopicPartition("retry", 2));
    }
}
