package io.herald.workers.runtime;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.util.HashMap;
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
 * The lag of a worker's lanes, from the log end offsets, measured at most every 50 ms on the poll thread. Not
 * {@code currentLag()}: that only moves when the consumer reaches a partition's buffered fetch, and critical fetches
 * can sit behind megabytes of buffered bulk records.
 *
 * <p>The critical lane's lag is the last measured log end against the consumer's <em>current</em> position, so it drops to
 * zero as soon as the worker has taken the codes it measured. From the measured count it stayed above zero for up to
 * 50 ms after they were taken: the next poll then paused the lower lanes for a code already sent and waited out its
 * poll timeout on nothing, once per code. With a trickle of codes during a bulk drain (10/s) that cut the drain to an
 * eighth (docs/benchmarks/pipeline.md). Codes that arrive after the measure are seen by the next one.
 *
 * <p>The measure is advisory: when the broker does not answer in time (a {@link RetriableException} such as a
 * 5 s {@code TimeoutException}) the last known lag stands and the worker goes on delivering. Letting it escape
 * would stop the channel worker for good over a slow metadata answer.
 */
final class LaneLag {
    private static final Logger LOG = LoggerFactory.getLogger(LaneLag.class);
    private static final long CHECK_INTERVAL_NANOS = 50_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Channel channel;
    private final Consumer<?, ?> consumer;
    private final Map<String, Priority> laneOfTopic;
    private final WorkerMetrics metrics;
    private final LongSupplier nanos;
    private long lastCheck;
    private boolean checkedOnce;
    /** Log end of each critical partition at the last measure. */
    private Map<TopicPartition, Long> criticalEnd = Map.of();
    private boolean failing;

    LaneLag(Channel channel, Consumer<?, ?> consumer, Map<String, Priority> laneOfTopic, WorkerMetrics metrics, LongSupplier nanos) {
        this.channel = channel;
        this.consumer = consumer;
        this.laneOfTopic = laneOfTopic;
        this.metrics = metrics;
        this.nanos = nanos;
    }

    /** Records not yet consumed on the critical lane: its log end at the last measure, less what has been consumed since. */
    long critical() {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : criticalEnd.entrySet()) {
            Long position = positionOf(e.getKey());
            if (position != null) lag += Math.max(0, e.getValue() - position);
        }
        return lag;
    }

    /** The consumer's position in {@code tp} without a broker round trip; null when it has none (revoked, not yet set). */
    private Long positionOf(TopicPartition tp) {
        if (!consumer.assignment().contains(tp)) return null;
        try {
            return consumer.position(tp, Duration.ZERO);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Measures again if the last measure is older than 50 ms. */
    void refresh(Set<TopicPartition> assignment) {
        long now = nanos.getAsLong();
        if (checkedOnce && now - lastCheck < CHECK_INTERVAL_NANOS) return;
        checkedOnce = true;
        lastCheck = now;
        List<TopicPartition> lanes = assignment.stream().filter(tp -> laneOfTopic.containsKey(tp.topic())).toList();
        if (lanes.isEmpty()) {
            criticalEnd = Map.of();
            return;
        }
        Map<Priority, Long> lag = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            Map<TopicPartition, Long> end = consumer.endOffsets(lanes, TIMEOUT);
            for (TopicPartition tp : lanes) {
                long l = Math.max(0, end.getOrDefault(tp, 0L) - consumer.position(tp, TIMEOUT));
                lag.merge(laneOfTopic.get(tp.topic()), l, Long::sum);
                if (laneOfTopic.get(tp.topic()) == Priority.CRITICAL) ends.put(tp, end.getOrDefault(tp, 0L));
            }
        } catch (RetriableException e) {
            if (!failing) LOG.warn("worker {}: lane lag not measured ({}); keeping the last known", channel, e.getClass().getSimpleName());
            failing = true;
            return;
        }
        if (failing) LOG.info("worker {}: lane lag measured again", channel);
        failing = false;
        criticalEnd = ends;
        for (Priority lane : Priority.values()) metrics.laneLag(channel, lane, lag.getOrDefault(lane, 0L));
    }
}
