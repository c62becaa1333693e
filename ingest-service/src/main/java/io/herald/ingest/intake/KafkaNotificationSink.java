package io.herald.ingest.intake;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.ingest.ops.IngestMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes requests to the request topic (critical ones to their own, which the router reads first) with an idempotent, {@code acks=all} producer and completes
 * only on acknowledgement. The record key is the notification id ({@link NotificationIntake#recordKey}); the body's
 * fingerprint travels in a header so the router's dedup can tell a retry (same body) from a reused key with another
 * body, which it reports as a {@code DUPLICATE} with rule {@code idempotency-key-conflict}.
 */
public final class KafkaNotificationSink implements NotificationSink {
    /** SHA-256 of the canonical JSON body: what "the same request" means to the router's dedup. */
    public static final String FINGERPRINT_HEADER = "herald.ingest.fingerprint";
    /** The notification id, readable without decoding the value (tools, the DLQ). */
    public static final String ID_HEADER = "herald.ingest.id";

    private final Producer<String, NotificationRequest> producer;
    private final String topic;
    private final String criticalTopic;
    private final IngestMetrics metrics;

    public KafkaNotificationSink(Producer<String, NotificationRequest> producer, String topic, String criticalTopic,
                                 IngestMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.criticalTopic = criticalTopic;
        this.metrics = metrics;
    }

    /** The topic {@code request} goes to: its lane's (the record key and partition are the same in both). */
    String topicOf(NotificationRequest request) {
        return request.getPriority() == Priority.CRITICAL ? criticalTopic : topic;
    }

    @Override
    public CompletableFuture<Void> send(String key, NotificationRequest request, String fingerprint) {
        ProducerRecord<String, NotificationRequest> record = new ProducerRecord<>(topicOf(request), key, request);
        record.headers().add(FINGERPRINT_HEADER, fingerprint.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ID_HEADER, request.getNotificationId().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        long start = System.nanoTime();
        try {
            producer.send(record, (metadata, failure) -> {
                metrics.produced(failure == null, Duration.ofNanos(System.nanoTime() - start));
                if (failure == null) acked.complete(null);
                else acked.completeExceptionally(failure);
            });
        } catch (RuntimeException e) {
            // Serialisation (registry down), a closed producer, or a metadata wait past max.block.ms.
            metrics.produced(false, Duration.ofNanos(System.nanoTime() - start));
            acked.completeExceptionally(e);
        }
        return acked;
    }
}
