package io.herald.replay.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Replay run records live in a compacted topic keyed by replay id (latest state per run), written by the engine
 * inside its copy transactions. A dedicated topic rather than {@code notify.control.v1}: run records are
 * progress, not instructions, and their shape (counts, end offsets) is the replay tool's own, kept as JSON
 * so the contracts stay untouched.
 */
public final class RunStore {
    /** Default runs topic. */
    public static final String DEFAULT_TOPIC = io.herald.schemas.topics.TopicNames.REPLAY_RUNS;

    private final ReplayClients clients;
    private final String topic;

    public RunStore(ReplayClients clients, String topic) {
        this.clients = clients;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** Creates the compacted runs topic when it is missing. */
    public void ensureTopic(Admin admin) {
        try {
            if (admin.listTopics().names().get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS).contains(topic)) return;
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("creating " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A record to send in the engine's transaction. */
    public ProducerRecord<byte[], byte[]> recordOf(RunRecord run) {
        return new ProducerRecord<>(topic, run.replayId().getBytes(java.nio.charset.StandardCharsets.UTF_8), run.toJson());
    }

    /** The latest committed record of {@code replayId}. */
    public Optional<RunRecord> load(String replayId) {
        return Optional.ofNullable(all().get(replayId));
    }

    /** Latest committed record of every run, in first-seen order; empty when the topic does not exist yet. */
    public Map<String, RunRecord> all() {
        Map<String, RunRecord> runs = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            List<TopicPartition> partitions = new ArrayList<>();
            var infos = consumer.partitionsFor(topic, clients.timeout());
            if (infos == null || infos.isEmpty()) return runs;
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            BoundedScan.scan(consumer, partitions, null, clients.timeout(), record -> {
                if (record.value() == null) {
                    runs.remove(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    RunRecord run = RunRecord.fromJson(record.value());
                    runs.remove(run.replayId());
                    runs.put(run.replayId(), run);
                }
            });
        }
        return runs;
    }
}
