package io.herald.replay.auto;

import io.herald.contracts.ControlCommand;
import io.herald.replay.engine.ReplayClients;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows operator commands on the control topic from now on (history is not replayed: an old RESUME must not
 * release anything again) and hands each one to a listener.
 */
final class ControlFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFollower.class);

    private final ReplayClients clients;
    private final String topic;
    private final Consumer<ControlCommand> listener;
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    ControlFollower(ReplayClients clients, String topic, Consumer<ControlCommand> listener) {
        this.clients = clients;
        this.topic = topic;
        this.listener = listener;
    }

    /** Starts following; without the topic (not provisioned) it says so and follows nothing. */
    void start() {
        consumer = clients.consumer(null);
        var infos = consumer.partitionsFor(topic, clients.timeout());
        if (infos == null || infos.isEmpty()) {
            LOG.warn("control topic {} not found: parked traffic is not released on RESUME, replay pace cannot be changed", topic);
            consumer.close(Duration.ZERO);
            consumer = null;
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes "now" before the first poll
        var serde = clients.topics().control().valueSerde().deserializer();
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.value() == null) continue; // a cleared command
                        try {
                            listener.accept(serde.deserialize(record.topic(), record.value()));
                        } catch (SerializationException e) {
                            LOG.warn("unreadable control record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                    e.getMessage());
                        } catch (RuntimeException e) {
                            LOG.error("control listener failed", e);
                        }
                    }
                }
            } catch (WakeupException | InterruptException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "herald-auto-replay-control");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) return;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
