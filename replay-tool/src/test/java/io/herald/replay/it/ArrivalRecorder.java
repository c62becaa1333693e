package io.herald.replay.it;

import io.herald.replay.engine.ReplayClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/** Follows a topic (read_committed) on a thread and notes when records arrive, to measure a delivered rate. */
final class ArrivalRecorder implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong count = new AtomicLong();
    private final java.util.List<long[]> polls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    ArrivalRecorder(ReplayClients clients, String topic) {
        consumer = clients.consumer(null);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    if (records.isEmpty()) continue;
                    polls.add(new long[]{System.nanoTime(), count.addAndGet(records.count())});
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "arrival-recorder");
        thread.start();
    }

    long count() {
        return count.get();
    }

    /**
     * The delivered rate over the middle of the stream: records between the polls that crossed 10% and 90% of
     * the total, divided by the time between those polls. The edges are left out because the first and last
     * commits of a transactional copy arrive in lumps, and a read_committed fetch may wait for its max wait.
     */
    double ratePerSecond() {
        long total = count.get();
        long[] from = null;
        long[] to = null;
        synchronized (polls) {
            for (long[] poll : polls) {
                if (from == null && poll[1] >= total / 10) from = poll;
                if (to == null && poll[1] >= total * 9 / 10) to = poll;
            }
        }
        if (from == null || to == null || to[0] == from[0]) return Double.NaN;
        return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
