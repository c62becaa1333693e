package io.herald.router.topology;

import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.topics.TopicNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.herald.schemas.registry.RegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes unreadable records (bad bytes, unknown schema id) to notify.dlq.v1 with the original key and
 * bytes and the cause in headers, then lets the application continue. A schema registry that does not
 * answer (refused, timeout, 5xx) is not the record's fault: such a record is read again, never dead-lettered. Kafka Streams produces the
 * dead letter itself, inside the same transaction as the task's other output under exactly-once.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    /** Config key for the DLQ topic name; defaults to notify.dlq.v1. */
    public static final String DLQ_TOPIC_CONFIG = "herald.router.dlq.topic";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** Pause before a thread fails on a registry outage, so the replaced thread does not hammer the registry. */
    private static final long RETRY_PAUSE_MS = 1_000;
    private static volatile DecisionListener listener = DecisionListener.NONE;
    private String dlqTopic = TopicNames.DLQ;

    /** Lets the application count dead letters (Kafka instantiates the handler reflectively). */
    public static void listener(DecisionListener l) {
        listener = l;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(DLQ_TOPIC_CONFIG);
        if (topic != null) dlqTopic = topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Optional<RegistryUnavailableException> outage = RegistryUnavailableException.in(exception);
        if (outage.isPresent()) return retryLater(record, outage.get());
        // Never log the payload: it may hold addresses and message bodies.
        LOG.warn("dead-lettering unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                exception.getMessage());
        Headers headers = new RecordHeaders(record.headers().toArray());
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_STAGE, "router");
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_CAUSE, "deserialization");
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_REASON, String.valueOf(exception.getMessage()));
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_EXCEPTION, exception.getClass().getName());
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_TOPIC, record.topic());
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_PARTITION, Integer.toString(record.partition()));
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_OFFSET, Long.toString(record.offset()));
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_AT, Instant.now().toString());
        listener.deadLettered(record.topic());
        return Response.resume(List.of(new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), headers)));
    }

    /**
     * The registry did not answer: the record may well be valid, so it is not dead-lettered (that would commit past
     * it and it would never reach a terminal state). The stream thread fails after a short pause; under
     * exactly-once its transaction aborts, the router replaces the thread and it reads the record again from the
     * last commit. Readiness reports the outage meanwhile ({@link DecisionListener#registryUnavailable}).
     */
    private Response retryLater(ConsumerRecord<byte[], byte[]> record, RegistryUnavailableException outage) {
        LOG.warn("schema registry unavailable reading {}-{}@{}; not dead-lettering it, retrying after {} ms: {}",
                record.topic(), record.partition(), record.offset(), RETRY_PAUSE_MS, outage.getMessage());
        listener.registryUnavailable(record.topic());
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.fail();
    }
}
