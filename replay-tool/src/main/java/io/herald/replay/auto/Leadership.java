package io.herald.replay.auto;

import io.herald.replay.engine.ReplayClients;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.SupervisedLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one automatic replayer among the worker instances of a cluster. Every instance joins one consumer group on
 * a topic they all read anyway (the provider-health topic) and the member assigned its partition 0 leads: Kafka's
 * group protocol is the election. A leader that closes leaves the group at once; one that dies is replaced after
 * the session timeout. Either way the releases' shared transactional id fences whatever the deposed leader had
 * left open, so a takeover resumes from committed offsets without duplicates.
 *
 * <p>The member never reads records: its partitions stay paused, it polls only to stay in the group.
 */
final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** Called on the election thread. */
    interface Listener {
        void elected();

        void deposed();
    }

    private final ReplayClients clients;
    private final String topic;
    private final String group;
    private final Listener listener;
    private final TopicPartition seat;
    private final SupervisedLoop loop;
    private volatile boolean leader;

    Leadership(ReplayClients clients, String topic, String group, Listener listener, MeterRegistry meters) {
        this.clients = clients;
        this.topic = topic;
        this.group = group;
        this.listener = listener;
        this.seat = new TopicPartition(topic, 0);
        this.loop = new SupervisedLoop("auto-replay-leadership", Membership::new, Backoff.DEFAULT, meters);
    }

    /** Joins the group; the election happens in the background. */
    void start() {
        loop.start();
    }

    /** Whether this instance leads now. */
    boolean leader() {
        return leader;
    }

    /** False only if the membership stopped for good; a failed one rejoins after a back-off (not leading meanwhile). */
    boolean alive() {
        return loop.alive();
    }

    /**
     * One membership of the group. A consumer that fails steps down and leaves the group (so another instance takes
     * over at once); the loop rejoins after a back-off.
     */
    private final class Membership implements SupervisedLoop.Session {
        private final KafkaConsumer<byte[], byte[]> consumer = clients.consumer(group);
        private boolean polled;

        @Override
        public void open() {
            consumer.subscribe(List.of(topic), new Seats(consumer));
        }

        @Override
        public void step() {
            consumer.poll(POLL);
            polled = true;
        }

        @Override
        public boolean caughtUp() {
            return polled;
        }

        @Override
        public void wakeup() {
            consumer.wakeup();
        }

        @Override
        public void close() {
            stepDown();
            try {
                consumer.close(Duration.ofSeconds(5)); // leaves the group, so another instance takes over at once
            } catch (RuntimeException e) {
                LOG.debug("closing the leadership consumer: {}", e.getClass().getName());
            }
        }
    }

    private void stepDown() {
        if (!leader) return;
        leader = false;
        listener.deposed();
    }

    /** Pauses whatever is assigned (nothing is read) and moves the leadership with partition 0. */
    private final class Seats implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;

        Seats(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            if (partitions.contains(seat) && !leader) {
                leader = true;
                listener.elected();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(seat)) stepDown();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.contains(seat)) stepDown();
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
