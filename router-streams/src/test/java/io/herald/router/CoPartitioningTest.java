package io.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CoPartitioningTest {
    @Test
    void equalPartitionCountsPass() {
        assertThat(CoPartitioning.mismatch(Map.of("notify.request.v1", 6, "notify.outcome.v1", 6, "notify.replay.v1", 6)))
                .isEmpty();
    }

    @Test
    void aTopicWithAnotherCountFailsNamingEveryTopicAndItsCount() {
        assertThat(CoPartitioning.mismatch(Map.of("notify.request.v1", 6, "notify.outcome.v1", 6, "notify.replay.v1", 3)))
                .contains("topics the ledger merges must have the same partition count: notify.outcome.v1=6, "
                        + "notify.replay.v1=3, notify.request.v1=6");
    }

    @Test
    void topicsNotCreatedYetAreNotChecked() {
        assertThat(CoPartitioning.mismatch(Map.of("notify.request.v1", 6))).isEmpty();
        assertThat(CoPartitioning.mismatch(Map.of())).isEmpty();
    }
}
