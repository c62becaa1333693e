package io.herald.analytics.sink;

import io.herald.analytics.store.AnalyticsStore;
import io.herald.analytics.store.Batch;
import io.herald.analytics.store.Rows;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ProviderHealth;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the outcome, provider-health and request topics in one consumer group and writes what it reads to
 * the {@link AnalyticsStore}, one poll per DuckDB transaction.
 *
 * <p>Order of a batch: poll (at most {@code max.poll.records} records, so memory is bounded) → decode → one
 * DuckDB commit → {@code commitSync} of the offsets. A crash between the two commits redelivers the batch,
 * which the store's keys absorb (outcomes by event id, requests by notification id, health by position), so
 * nothing is lost and nothing is counted twice; a restart resumes from the group's committed offsets.
 * A record that cannot be decoded is stored in {@code sink_errors} with its position, never dropped silently.
 */
public final class AnalyticsSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsSink.class);

    /** Where the sink reads from: accepted requests from both request topics (critical requests have their own). */
    public record Sources(String outcomeTopic, String healthTopic, String requestTopic, String criticalRequestTopic) {
        List<String> all() {
            return List.of(outcomeTopic, healthTopic, requestTopic, criticalRequestTopic);
        }

        boolean isRequest(String topic) {
            return topic.equals(requestTopic) || topic.equals(criticalRequestTopic);
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AnalyticsStore store;
    private final Sources sources;
    private final Clock clock;
    private final Deserializer<DeliveryOutcome> outcomes;
    private final Deserializer<ProviderHealth> health;
    private final Deserializer<NotificationRequest> requests;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private volatile Instant lastBatchAt;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param kafka consumer properties (bootstrap and any pass-through); group, deserializers, offset reset and
     *              commit mode are set here
     */
    public AnalyticsSink(Map<String, Object> kafka, String groupId, int batchMax, Topics topics, Sources sources,
                         AnalyticsStore store, Clock clock) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchMax);
        // Only committed records of the transactional producers (router, workers) are facts.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.sources = sources;
        this.clock = clock;
        this.outcomes = topics.outcome().valueSerde().deserializer();
        this.health = topics.providerHealth().valueSerde().deserializer();
        this.requests = topics.request().valueSerde().deserializer();
        this.thread = new Thread(this::run, "herald-analytics-sink");
        thread.setDaemon(true);
    }

    public AnalyticsSink start() {
        consumer.subscribe(sources.all());
        thread.start();
        return this;
    }

    private void run() {
        Batch batch = new Batch();
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) continue;
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    decode(record, batch);
                    next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                stored.addAndGet(store.write(batch));
                // Only now is the batch durable: committing earlier could lose it on a crash.
                consumer.commitSync(next);
                consumed.addAndGet(records.count());
                batches.incrementAndGet();
                lastBatchAt = clock.instant();
                batch.clear();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("analytics sink stopped: {}", e.getMessage(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                stopped.countDown();
            }
        }
    }

    private void decode(ConsumerRecord<byte[], byte[]> record, Batch batch) {
        if (record.value() == null) return; // a tombstone on a compacted topic says nothing new
        String topic = record.topic();
        try {
            if (topic.equals(sources.outcomeTopic())) {
                batch.add(Decoder.outcome(outcomes.deserialize(topic, record.value()), record.partition(), record.offset()));
            } else if (topic.equals(sources.healthTopic())) {
                batch.add(Decoder.health(health.deserialize(topic, record.value()), record.partition(), record.offset()));
            } else if (sources.isRequest(topic)) {
                batch.add(Decoder.accepted(requests.deserialize(topic, record.value()), Instant.ofEpochMilli(record.timestamp()),
                        record.partition(), record.offset()));
            }
        } catch (RuntimeException e) {
            // The message names the schema problem, never the payload (requests carry PII).
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("undecodable record at {}-{}@{}: {}", topic, record.partition(), record.offset(), error);
            batch.add(new Rows.SinkError(topic, record.partition(), record.offset(), error, clock.instant()));
        }
    }

    /** Rows that were new to the store since start. */
    public long stored() {
        return stored.get();
    }

    /** Records read and committed since start, whether or not they were new to the store. */
    public long consumed() {
        return consumed.get();
    }

    public long batches() {
        return batches.get();
    }

    /** When the last batch was committed, or null. */
    public Instant lastBatchAt() {
        return lastBatchAt;
    }

    /** True once the loop stopped on a failure: it does not start again by itself. */
    public boolean failed() {
        return failure != null;
    }

    /** True while the loop runs; false after close or a failure. */
    public boolean healthy() {
        return failure == null && stopped.getCount() == 1;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (thread.isAlive() && !stopped.await(10, TimeUnit.SECONDS)) LOG.warn("analytics sink did not stop in 10s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
