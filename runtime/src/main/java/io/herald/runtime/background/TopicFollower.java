package io.herald.runtime.background;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of a {@link SupervisedLoop} that follows whole topics without a consumer group (every instance needs
 * every partition: a compacted table, a control stream). Each session makes a fresh consumer, assigns every partition
 * and seeks; it is caught up once it has read to the end offsets seen when it opened.
 *
 * <p>Positions survive sessions: after each handled record the next offset is remembered, and a new session resumes
 * there. A handler that throws therefore gets the same record again after the restart, and nothing that arrived
 * while the loop was down is skipped, whichever {@link From start} the topic has. A topic that does not exist
 * fails the session (the loop retries with back-off and is not ready meanwhile). Records the consumer cannot
 * deserialize are skipped with a warning naming their position only, unless a retriable failure is the cause (a
 * schema registry that does not answer): that fails the session, and the record is read again after the restart.
 */
public final class TopicFollower<K, V> implements SupervisedLoop.Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    /** Where a topic is read from when no position was remembered for it yet. */
    public enum From {
        /** The whole history (a compacted table). */
        BEGINNING,
        /** From the end as it is at the first session, e.g. commands: history must not be acted on again. */
        END
    }

    /** Handles one record on the loop's thread; throwing restarts the session at this record. */
    @FunctionalInterface
    public interface Handler<K, V> {
        void handle(ConsumerRecord<K, V> record) throws Exception;
    }

    private final Supplier<? extends Consumer<K, V>> consumers;
    private final Map<String, From> topics;
    private final Duration poll;
    private final Duration timeout;
    private final Handler<K, V> handler;
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();

    /**
     * @param consumers makes a new consumer for each session (no group, no auto-commit)
     * @param topics    the topics and where each is read from at first
     * @param poll      the poll timeout, which bounds how long closing waits
     * @param timeout   bound of the metadata calls when a session opens
     */
    public TopicFollower(Supplier<? extends Consumer<K, V>> consumers, Map<String, From> topics, Duration poll, Duration timeout,
                         Handler<K, V> handler) {
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        if (topics.isEmpty()) throw new IllegalArgumentException("topics must not be empty");
        this.topics = new LinkedHashMap<>(topics);
        this.poll = Objects.requireNonNull(poll, "poll");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** A follower of one topic. */
    public static <K, V> TopicFollower<K, V> of(Supplier<? extends Consumer<K, V>> consumers, String topic, From from, Duration poll,
                                                Duration timeout, Handler<K, V> handler) {
        return new TopicFollower<>(consumers, Map.of(topic, from), poll, timeout, handler);
    }

    /** Starts the next session at these positions (e.g. where a start-up rebuild stopped) instead of {@link From}. */
    public TopicFollower<K, V> resumeFrom(Map<TopicPartition, Long> positions) {
        next.putAll(positions);
        return this;
    }

    /** The next offset to read per partition, as remembered so far. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(next);
    }

    /** Whether a retriable failure (Kafka's marker for "try again") is behind {@code error}. */
    static boolean retriable(Throwable error) {
        for (Throwable t = error.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) return true;
        }
        return false;
    }

    @Override
    public SupervisedLoop.Session next() {
        return new Session(consumers.get());
    }

    private final class Session implements SupervisedLoop.Session {
        private final Consumer<K, V> consumer;
        private final Map<TopicPartition, Long> target = new LinkedHashMap<>();
        private boolean caughtUp;

        Session(Consumer<K, V> consumer) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        @Override
        public void open() {
            List<TopicPartition> all = new ArrayList<>();
            Map<TopicPartition, From> fromOf = new LinkedHashMap<>();
            for (Map.Entry<String, From> topic : topics.entrySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic.getKey(), timeout);
                if (infos == null || infos.isEmpty()) throw new UnknownTopicOrPartitionException("topic " + topic.getKey() + " does not exist");
                for (PartitionInfo p : infos) {
                    TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                    all.add(tp);
                    fromOf.put(tp, topic.getValue());
                }
            }
            consumer.assign(all);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
            for (TopicPartition tp : all) {
                long begin = beginnings.getOrDefault(tp, 0L);
                long end = ends.getOrDefault(tp, 0L);
                Long remembered = next.get(tp);
                if (remembered != null) {
                    // What retention or compaction removed meanwhile cannot be read: start at the oldest record left.
                    consumer.seek(tp, Math.max(remembered, begin));
                } else if (fromOf.get(tp) == From.BEGINNING) {
                    consumer.seek(tp, begin);
                } else {
                    consumer.seek(tp, end);
                    next.put(tp, end); // "now" is pinned: a restart resumes here, not at a later end
                }
                target.put(tp, end);
            }
            caughtUp = reached();
        }

        @Override
        public void step() throws Exception {
            ConsumerRecords<K, V> records;
            try {
                records = consumer.poll(poll);
            } catch (RecordDeserializationException e) {
                // A deserializer that could not ask (a schema registry that does not answer) says nothing about the
                // record: fail the session, and the restart reads it again.
                if (retriable(e)) throw e;
                // An unreadable record is its producer's bug; the view stays useful without it.
                LOG.warn("skipping unreadable record at {}@{}", e.topicPartition(), e.offset());
                consumer.seek(e.topicPartition(), e.offset() + 1);
                next.put(e.topicPartition(), e.offset() + 1);
                return;
            }
            for (ConsumerRecord<K, V> record : records) {
                handler.handle(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            if (!caughtUp) caughtUp = reached();
        }

        private boolean reached() {
            for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
                if (consumer.position(end.getKey(), timeout) < end.getValue()) return false;
            }
            return true;
        }

        @Override
        public boolean caughtUp() {
            return caughtUp;
        }

        @Override
        public void wakeup() {
            consumer.wakeup();
        }

        @Override
        public void close() {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("closing a follower's consumer: {}", e.getClass().getName());
            }
        }
    }
}
