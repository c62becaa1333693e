package io.herald.replay.auto;

import io.herald.replay.engine.ReplayClients;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
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
    private volatile boolean leader;
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    Leadership(ReplayClients clients, String topic, String group, Listener listener) {
        this.clients = clients;
        this.topic = topic;
        this.group = group;
        this.listener = listener;
        this.seat = new TopicPartition(topic, 0);
    }

    /** Joins the group; the election happens in the background. */
    void start() {
        consumer = clients.consumer(group);
        thread = new Thread(this::run, "herald-auto-replay-leadership");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether this instance leads now. */
    boolean leader() {
        return leader;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Seats());
            while (running) consumer.poll(POLL);
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("auto-replay leadership lost its consumer ({}); this instance stops leading", e.toString());
        } finally {
            stepDown();
            consumer.close(Duration.ofSeconds(5)); // leaves the group, so another instance takes over at once
        }
    }

    private void stepDown() {
        if (!leader) return;
        leader = false;
        listener.deposed();
    }

    /** Pauses whatever is assigned (nothing is read) and moves the leadership with partition 0. */
    private final class Seats implements ConsumerRebalanceListener {
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
        running = false;
        if (consumer != null) consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
