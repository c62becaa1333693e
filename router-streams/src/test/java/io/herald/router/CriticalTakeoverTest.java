package io.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CriticalTakeoverTest {
    private static final String CRITICAL = "notify.request.critical.v1";

    @Test
    void aNewCriticalGroupStartsAtTheMainGroupsOffsetsOnTheCriticalTopicOnly() {
        Map<TopicPartition, OffsetAndMetadata> main = Map.of(
                new TopicPartition(CRITICAL, 0), new OffsetAndMetadata(40, "streams metadata"),
                new TopicPartition(CRITICAL, 1), new OffsetAndMetadata(7),
                new TopicPartition("notify.request.v1", 0), new OffsetAndMetadata(900));

        assertThat(CriticalTakeover.offsetsToCopy(Map.of(), main, CRITICAL)).containsOnly(
                Map.entry(new TopicPartition(CRITICAL, 0), new OffsetAndMetadata(40)),
                Map.entry(new TopicPartition(CRITICAL, 1), new OffsetAndMetadata(7)));
    }

    @Test
    void aCriticalGroupWithOffsetsOfItsOwnKeepsThem() {
        Map<TopicPartition, OffsetAndMetadata> critical = Map.of(new TopicPartition(CRITICAL, 2), new OffsetAndMetadata(3));
        Map<TopicPartition, OffsetAndMetadata> main = Map.of(new TopicPartition(CRITICAL, 2), new OffsetAndMetadata(40));

        assertThat(CriticalTakeover.offsetsToCopy(critical, main, CRITICAL)).isEmpty();
    }

    @Test
    void aFreshInstallationHasNothingToCopy() {
        Map<TopicPartition, OffsetAndMetadata> unset = new HashMap<>();
        unset.put(new TopicPartition(CRITICAL, 0), null);

        assertThat(CriticalTakeover.offsetsToCopy(Map.of(), Map.of(), CRITICAL)).isEmpty();
        assertThat(CriticalTakeover.offsetsToCopy(unset, unset, CRITICAL)).as("partitions listed without an offset").isEmpty();
    }

    @Test
    void theMainGroupForgetsItsOffsetsOnTheCriticalTopicOnly() {
        Map<TopicPartition, OffsetAndMetadata> main = new HashMap<>();
        main.put(new TopicPartition(CRITICAL, 0), new OffsetAndMetadata(40));
        main.put(new TopicPartition(CRITICAL, 1), null);
        main.put(new TopicPartition("notify.request.v1", 0), new OffsetAndMetadata(900));

        assertThat(CriticalTakeover.offsetsToForget(main, CRITICAL)).containsOnly(new TopicPartition(CRITICAL, 0));
        assertThat(CriticalTakeover.offsetsToForget(Map.of(), CRITICAL)).isEmpty();
    }
}
