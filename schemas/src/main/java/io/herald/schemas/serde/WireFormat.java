package io.herald.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte {@code 0x00}, the schema id as a 4-byte big-endian int,
 * then the Avro binary encoding. Every Kafka tool that speaks "Confluent Avro" reads these bytes.
 */
public final class WireFormat {
    /** First byte of every framed payload. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Reads the schema id from a framed payload, failing with a reason a human can act on. */
    public static int schemaId(String topic, byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("topic " + topic + ": truncated payload of " + payload.length
                    + " bytes, the Confluent wire format needs at least " + HEADER_SIZE);
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "topic %s: unknown magic byte 0x%02x (expected 0x00, not Confluent wire format)", topic, payload[0]));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    /** Writes the 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }
}
