package io.herald.ingest.intake;

import io.herald.contracts.NotificationRequest;
import io.herald.ingest.ops.IngestMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes requests to the request topic with an idempotent, {@code acks=all} producer and completes
 * only on acknowledgement. The fingerprint, id, writing instance and channels travel in headers so every
 * instance, and this one after a restart, learns keys and quota use from the topic itself ({@link AcceptedRequests}).
 */
public final class KafkaNotificationSink implements NotificationSink {

    private final Producer<String, NotificationRequest> producer;
    private final String topic;
    private final IngestMetrics metrics;
    private final byte[] instanceId;

    public KafkaNotificationSink(Producer<String, NotificationRequest> producer, String topic, IngestMetrics metrics,
                                 String instanceId) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
        this.instanceId = instanceId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Void> send(String key, NotificationRequest request, String fingerprint) {
        ProducerRecord<String, NotificationRequest> record = new ProducerRecord<>(topic, key, request);
        record.headers().add(AcceptedRequests.FINGERPRINT_HEADER, fingerprint.getBytes(StandardCharsets.UTF_8));
        record.headers().add(AcceptedRequests.ID_HEADER, request.getNotificationId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(AcceptedRequests.INSTANCE_HEADER, instanceId);
        record.headers().add(AcceptedRequests.CHANNELS_HEADER, String.join(",",
                request.getChannels().stream().map(Enum::name).toList()).getBytes(StandardCharsets.UTF_8));
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
