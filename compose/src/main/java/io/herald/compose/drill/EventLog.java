package io.herald.compose.drill;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ProviderHealth;
import io.herald.replay.engine.RunRecord;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Herald's event log as any consumer would: a plain consumer, no group, from the beginning to the end
 * offsets seen when the read starts, committed records only (Herald writes outcomes in transactions), values
 * decoded with the catalogue's serdes.
 */
public final class EventLog {
    private final String bootstrap;
    private final Topics topics;
    private final Duration patience;

    public EventLog(String bootstrap, Topics topics, Duration patience) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.patience = patience;
    }

    public List<DeliveryOutcome> outcomes() {
        Deserializer<DeliveryOutcome> d = topics.outcome().valueSerde().deserializer();
        return read(topics.outcome().name(), r -> d.deserialize(r.topic(), r.headers(), r.value()));
    }

    public List<ProviderHealth> health() {
        Deserializer<ProviderHealth> d = topics.providerHealth().valueSerde().deserializer();
        return read(topics.providerHealth().name(), r -> d.deserialize(r.topic(), r.headers(), r.value()));
    }

    public List<RunRecord> runs() {
        return read(topics.replayRuns().name(), r -> RunRecord.fromJson(r.value()));
    }

    private <V> List<V> read(String topic, Function<ConsumerRecord<byte[], byte[]>, V> decode) {
        List<V> out = new ArrayList<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, patience);
            if (infos == null || infos.isEmpty()) return out;
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, patience);
            Instant deadline = Instant.now().plus(patience);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reading " + topic + " did not reach its end offsets within " + patience);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) out.add(decode.apply(r));
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
