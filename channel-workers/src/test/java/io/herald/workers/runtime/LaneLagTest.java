package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.topics.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    private static final TopicPartition BULK = new TopicPartition(TopicNames.dispatch(Channel.EMAIL, Priority.BULK), 0);
    private static final TopicPartition TRANSACTIONAL = new TopicPartition(TopicNames.dispatch(Channel.EMAIL, Priority.TRANSACTIONAL), 0);

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
    private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    private final LaneLag lag = new LaneLag(Channel.EMAIL, consumer,
            Map.of(BULK.topic(), Priority.BULK, TRANSACTIONAL.topic(), Priority.TRANSACTIONAL), metrics, nanos::get);

    LaneLagTest() {
        consumer.assign(List.of(BULK, TRANSACTIONAL));
        consumer.updateBeginningOffsets(Map.of(BULK, 0L, TRANSACTIONAL, 0L));
        consumer.updateEndOffsets(Map.of(BULK, 10L, TRANSACTIONAL, 4L));
        consumer.seek(BULK, 0);
        consumer.seek(TRANSACTIONAL, 1);
    }

    @Test
    void publishesEachOfItsLanesFromTheLogEndOffsetAndTheConsumersPosition() {
        lag.refresh(consumer.assignment());
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.BULK)).isEqualTo(10);
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.TRANSACTIONAL)).isEqualTo(3);
    }

    @Test
    void leavesTheLanesOfTheChannelsOtherWorkerAlone() {
        metrics.laneLag(Channel.EMAIL, Priority.CRITICAL, 7);
        lag.refresh(consumer.assignment());
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.CRITICAL)).as("published by the critical worker only").isEqualTo(7);
    }

    @Test
    void aProbeThatTimesOutKeepsTheLastKnownLagInsteadOfStoppingTheWorker() {
        lag.refresh(consumer.assignment());
        consumer.timingOut = true;
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        assertThatCode(() -> lag.refresh(consumer.assignment())).doesNotThrowAnyException();
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.BULK)).isEqualTo(10);

        consumer.timingOut = false;
        consumer.updateEndOffsets(Map.of(BULK, 3L, TRANSACTIONAL, 4L));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        lag.refresh(consumer.assignment());
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.BULK)).isEqualTo(3);
    }

    @Test
    void aLaneWithNoPartitionLeftIsPublishedAsZero() {
        lag.refresh(consumer.assignment());
        consumer.assign(List.of());
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        lag.refresh(consumer.assignment());
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.BULK)).isZero();
    }

    @Test
    void measuresAtMostOnceASecond() {
        lag.refresh(consumer.assignment());
        consumer.updateEndOffsets(Map.of(BULK, 20L, TRANSACTIONAL, 4L));
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        lag.refresh(consumer.assignment());
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.BULK)).isEqualTo(10);
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        lag.refresh(consumer.assignment());
        assertThat(metrics.laneLag(Channel.EMAIL, Priority.BULK)).isEqualTo(20);
    }
}
