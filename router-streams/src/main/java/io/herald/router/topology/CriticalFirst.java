package io.herald.router.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.FailOnInvalidTimestamp;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Lets the critical router's ledger lines ({@code notify.router.critical-intake.v1}) jump the queue of the request
 * topic inside the main router's ledger task.
 *
 * <p>The task reads the request, outcome, replay and critical intake topics (co-partitioned) and always takes next the
 * buffered record with the lowest timestamp. A code's line is younger than every request of a campaign posted before
 * it, so by timestamp it would wait for the whole campaign. The intake topic's records are therefore read
 * {@link #LEAD_MS} earlier than they were written: they come first. {@link Restore}, the very next step, puts the real
 * timestamp back, so nothing downstream (the accepted time on the timeline, the output records' timestamps) sees the
 * shift. Stream time is unaffected (the router schedules by wall clock only), and {@code max.task.idle.ms=-1} keeps
 * the task from waiting on an empty partition.
 */
final class CriticalFirst {
    /** One day: longer than any backlog the request topic can hold ahead of a code and still matter to it. */
    static final long LEAD_MS = 86_400_000L;

    private CriticalFirst() {
    }

    /** The timestamp the task orders a critical request by: its own, a day earlier (never negative). */
    static long ordering(long written) {
        return written > LEAD_MS ? written - LEAD_MS : 0;
    }

    /**
     * The written timestamp back from {@link #ordering}. A record written within the first day of 1970 (no producer
     * does that; a test might) cannot be told apart from 0 and keeps 0.
     */
    static long written(long ordering) {
        return ordering > 0 ? ordering + LEAD_MS : 0;
    }

    /** The critical request topic's extractor: the record's own timestamp, shifted by {@link #ordering}. */
    static final class Extractor implements TimestampExtractor {
        private final TimestampExtractor requestTopics = new FailOnInvalidTimestamp();

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            // A negative (missing) timestamp is handled as on the request topic (Streams' default: it fails, naming it).
            return record.timestamp() < 0 ? requestTopics.extract(record, partitionTime) : ordering(record.timestamp());
        }
    }

    /** Puts back the timestamp the producer wrote, right after the critical topic's source. */
    static final class Restore<V> extends ContextualProcessor<String, V, String, V> {
        @Override
        public void process(Record<String, V> record) {
            context().forward(record.withTimestamp(written(record.timestamp())));
        }
    }
}
