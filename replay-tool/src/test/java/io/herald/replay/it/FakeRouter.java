package io.herald.replay.it;

import io.herald.contracts.OutcomeStatus;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/** Stands in for the router's replay intake: answers every replayed record with one outcome. */
final class FakeRouter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;

    FakeRouter(ReplayFixture fx, String replayTopic, String outcomeTopic, OutcomeStatus answer) {
        consumer = fx.clients.consumer(null);
        List<TopicPartition> partitions = consumer.partitionsFor(replayTopic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(replayTopic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try (var producer = fx.producer()) {
                while (!Thread.currentThread().isInterrupted()) {
                    for (var record : consumer.poll(Duration.ofMillis(50))) {
                        String id = ReplayFixture.string(record.key());
                        fx.sendWith(producer, outcomeTopic, id, answer);
                    }
                    producer.flush();
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "fake-router");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
