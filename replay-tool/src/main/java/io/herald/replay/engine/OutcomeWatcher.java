package io.herald.replay.engine;

import io.herald.contracts.DeliveryOutcome;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the outcome topic from its end on a {@link SupervisedLoop}, handing each outcome whose key passes
 * {@code keys} to {@code sink}. Keys are tested before values are decoded, so watching a busy topic for a
 * few thousand replayed ids stays cheap. No consumer group: nothing to commit, nothing to rebalance. "The end" is
 * pinned when the watcher is made, before anything is replayed; a read that fails restarts where it stopped.
 */
public final class OutcomeWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatcher.class);

    private final Predicate<String> keys;
    private final Consumer<DeliveryOutcome> sink;
    private final Deserializer<DeliveryOutcome> deserializer;
    private final SupervisedLoop loop;

    public OutcomeWatcher(ReplayClients clients, String topic, Predicate<String> keys, Consumer<DeliveryOutcome> sink) {
        this.keys = keys;
        this.sink = sink;
        this.deserializer = clients.topics().outcome().valueSerde().deserializer();
        TopicFollower<byte[], byte[]> follower = TopicFollower.of(() -> clients.consumer(null), topic, TopicFollower.From.END,
                Duration.ofMillis(200), clients.timeout(), this::apply).resumeFrom(ends(clients, topic));
        this.loop = new SupervisedLoop("replay-outcomes", follower, Backoff.DEFAULT, null).start();
    }

    private static Map<TopicPartition, Long> ends(ReplayClients clients, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            var infos = consumer.partitionsFor(topic, clients.timeout());
            if (infos == null || infos.isEmpty()) return Map.of();
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions, clients.timeout()));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (!keys.test(key) || record.value() == null) return;
        try {
            sink.accept(deserializer.deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            LOG.warn("unreadable outcome at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
