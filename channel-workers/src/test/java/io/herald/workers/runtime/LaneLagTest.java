package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class LaneLagTest {
    private static final TopicPartition CRITICAL = new TopicPartition(TopicNames.dispatch(Channel.EMAIL, Priority.CRITICAL), 0);

    /** A consumer whose broker stops answering offset requests in time when asked to. */
    private static final class SlowBroker extends MockConsumer<String, byte[]> {
        volatile boolean timingOut;

        SlowBroker() {
            super("earliest");
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
            if (timingOut) throw new TimeoutException("Failed to get offsets by times in 5000ms");
            return super.endOffsets(partitions, timeout);
        }
    }

    private final SlowBroker consumer = new SlowBroker();
    private final AtomicLong nanos = new AtomicLong();
    private final LaneLag lag = new LaneLag(Channel.EMAIL, consumer, Map.of(CRITICAL.topic(), Priority.CRITICAL),
            WorkerMetrics.noop(), nanos::get);

    LaneLagTest() {
        consumer.assign(List.of(CRITICAL));
        consumer.updateBeginningOffsets(Map.of(CRITICAL, 0L));
        consumer.updateEndOffsets(Map.of(CRITICAL, 10L));
        consumer.seek(CRITICAL, 0);
    }

    @Test
    void measuresTheCriticalLaneFromItsLogEndOffset() {
        lag.refresh(consumer.assignment());
        assertThat(lag.critical()).isEqualTo(10);
    }

    @Test
    void aProbeThatTimesOutKeepsTheLastKnownLagInsteadOfStoppingTheWorker() {
        lag.refresh(consumer.assignment());
        consumer.timingOut = true;
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThatCode(() -> lag.refresh(consumer.assignment())).doesNotThrowAnyException();
        assertThat(lag.critical()).isEqualTo(10);

        consumer.timingOut = false;
        consumer.updateEndOffsets(Map.of(CRITICAL, 3L));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        lag.refresh(consumer.assignment());
        assertThat(lag.critical()).isEqualTo(3);
    }

    @Test
    void whatTheWorkerConsumedSinceTheMeasureNoLongerCounts() {
        lag.refresh(consumer.assignment());
        consumer.seek(CRITICAL, 7);
        assertThat(lag.critical()).as("3 of the 10 measured are left").isEqualTo(3);
        consumer.seek(CRITICAL, 10);
        assertThat(lag.critical()).as("every measured code taken: nothing to wait for until the next measure").isZero();
    }

    @Test
    void aPartitionNoLongerAssignedDoesNotCount() {
        lag.refresh(consumer.assignment());
        consumer.assign(List.of());
        assertThat(lag.critical()).isZero();
    }

    @Test
    void measuresAtMostEveryFiftyMilliseconds() {
        lag.refresh(consumer.assignment());
        consumer.updateEndOffsets(Map.of(CRITICAL, 20L));
        nanos.addAndGet(Duration.ofMillis(10).toNanos());
        lag.refresh(consumer.assignment());
        assertThat(lag.critical()).isEqualTo(10);
    }
}
