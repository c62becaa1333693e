package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.Stage;
import io.herald.schemas.HeraldHeaders;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The router publishes its own decisions (ROUTER-stage outcomes) on the outcome topic it also reads for workers'
 * outcomes, and reads each of them back only to drop it: one Avro decode per routed request for nothing. So every
 * outcome the router writes carries {@link HeraldHeaders#OUTCOME_STAGE} = {@code ROUTER}, and the router's outcome
 * source drops such records from their header alone, before decoding. Records without the header (workers', or
 * written by an older router) are decoded and filtered by their stage as before.
 */
final class RouterOutcomes {
    static final String ROUTER = Stage.ROUTER.name();
    private static final byte[] ROUTER_BYTES = ROUTER.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private RouterOutcomes() {
    }

    /** Whether a record's headers mark it as one of the router's own outcomes. */
    static boolean markedRouter(Headers headers) {
        return headers != null && HeraldHeaders.is(headers, HeraldHeaders.OUTCOME_STAGE, ROUTER_BYTES);
    }

    /** Sets the stage header on every outcome the router writes (a fresh header set: the input's may be shared). */
    static final class Mark implements FixedKeyProcessor<String, DeliveryOutcome, DeliveryOutcome> {
        private FixedKeyProcessorContext<String, DeliveryOutcome> context;

        @Override
        public void init(FixedKeyProcessorContext<String, DeliveryOutcome> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, DeliveryOutcome> record) {
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.remove(HeraldHeaders.OUTCOME_STAGE);
            Stage stage = record.value() == null ? null : record.value().getStage();
            if (stage != null) HeraldHeaders.put(headers, HeraldHeaders.OUTCOME_STAGE, stage.name());
            context.forward(record.withHeaders(headers));
        }
    }

    /** Returns null for a record marked as the router's own, without decoding it; decodes anything else. */
    static final class SkipOwn implements Deserializer<DeliveryOutcome> {
        private final Deserializer<DeliveryOutcome> inner;

        SkipOwn(Deserializer<DeliveryOutcome> inner) {
            this.inner = inner;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            inner.configure(configs, isKey);
        }

        @Override
        public DeliveryOutcome deserialize(String topic, byte[] data) {
            return inner.deserialize(topic, data);
        }

        @Override
        public DeliveryOutcome deserialize(String topic, Headers headers, byte[] data) {
            if (markedRouter(headers)) return null;
            return inner.deserialize(topic, headers, data);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
