package io.herald.replay.engine;

import io.herald.contracts.DeliveryOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the outcome topic from its end on a daemon thread, handing each outcome whose key passes
 * {@code keys} to {@code sink}. Keys are tested before values are decoded, so watching a busy topic for a
 * few thousand replayed ids stays cheap. No consumer group: nothing to commit, nothing to rebalance.
 */
public final class OutcomeWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatcher.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    public OutcomeWatcher(ReplayClients clients, String topic, Predicate<String> keys, Consumer<DeliveryOutcome> sink) {
        this.consumer = clients.consumer(null);
        var deserializer = clients.topics().outcome().valueSerde().deserializer();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, clients.timeout()).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // pin "the end" now, before anything is replayed
        this.thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                        if (!keys.test(key) || record.value() == null) continue;
                        try {
                            sink.accept(deserializer.deserialize(record.topic(), record.value()));
                        } catch (SerializationException e) {
                            LOG.warn("unreadable outcome at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                    e.getMessage());
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("outcome watcher on {} stopped", topic, e);
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "herald-replay-outcomes-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
