package io.herald.workers.runtime;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag of a worker's lanes ({@code herald_worker_lane_lag}), from the log end offsets, measured at most once a second
 * on the poll thread. Not {@code currentLag()}: that only moves when the consumer reaches a partition's buffered fetch.
 *
 * <p>It is a gauge and nothing more. It used to decide, every 50 ms, whether a bulk batch had to give way to a code;
 * the critical lane now has a worker of its own ({@link ChannelWorker.Lanes}).
 *
 * <p>The measure is advisory: when the broker does not answer in time (a {@link RetriableException} such as a
 * 5 s {@code TimeoutException}) the last published lag stands and the worker goes on delivering. Letting it escape
 * would stop the channel worker for good over a slow metadata answer.
 */
final class LaneLag {
    private static final Logger LOG = LoggerFactory.getLogger(LaneLag.class);
    static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Channel channel;
    private final Consumer<?, ?> consumer;
    private final Map<String, Priority> laneOfTopic;
    private final Set<Priority> lanes;
    private final WorkerMetrics metrics;
    private final LongSupplier nanos;
    private long lastCheck;
    private boolean checkedOnce;
    private boolean failing;

    LaneLag(Channel channel, Consumer<?, ?> consumer, Map<String, Priority> laneOfTopic, WorkerMetrics metrics, LongSupplier nanos) {
        this.channel = channel;
        this.consumer = consumer;
        this.laneOfTopic = laneOfTopic;
        this.lanes = new LinkedHashSet<>(laneOfTopic.values());
        this.metrics = metrics;
        this.nanos = nanos;
    }

    /** Measures again if the last measure is older than a second, and publishes the lag of this worker's lanes. */
    void refresh(Set<TopicPartition> assignment) {
        long now = nanos.getAsLong();
        if (checkedOnce && now - lastCheck < CHECK_INTERVAL_NANOS) return;
        checkedOnce = true;
        lastCheck = now;
        List<TopicPartition> assigned = assignment.stream().filter(tp -> laneOfTopic.containsKey(tp.topic())).toList();
        Map<Priority, Long> lag = new HashMap<>();
        if (!assigned.isEmpty()) {
            try {
                Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
                for (TopicPartition tp : assigned) {
                    long l = Math.max(0, end.getOrDefault(tp, 0L) - consumer.position(tp, TIMEOUT));
                    lag.merge(laneOfTopic.get(tp.topic()), l, Long::sum);
                }
            } catch (RetriableException e) {
                if (!failing) LOG.warn("worker {}: lane lag not measured ({}); keeping the last known", channel, e.getClass().getSimpleName());
                failing = true;
                return;
            }
        }
        if (failing) LOG.info("worker {}: lane lag measured again", channel);
        failing = false;
        // Only this worker's lanes: the other worker of the channel publishes the others.
        for (Priority lane : lanes) metrics.laneLag(channel, lane, lag.getOrDefault(lane, 0L));
    }
}
