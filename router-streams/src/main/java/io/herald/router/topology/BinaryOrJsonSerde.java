package io.herald.router.topology;

import java.nio.BufferUnderflowException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the router's binary internal serdes share (issue 13): they write their binary form, or JSON when told to
 * ({@link InternalEncoding}, for a rolling upgrade from an older router), and read both. A binary value starts with
 * {@link #MAGIC}, which no JSON text starts with; anything else is read as the JSON earlier routers wrote.
 */
abstract class BinaryOrJsonSerde<T> implements Serde<T> {
    /** First byte of every binary value. */
    static final byte MAGIC = 0;

    private final String typeName;
    private final JsonSerde<T> json;
    private final boolean writeJson;

    /** @param writeJson write JSON as older routers did (reads both either way) */
    BinaryOrJsonSerde(Class<T> type, boolean writeJson) {
        this.typeName = type.getSimpleName();
        this.json = new JsonSerde<>(type);
        this.writeJson = writeJson;
    }

    /** The binary form of {@code value}, starting with {@link #MAGIC}. */
    abstract byte[] encode(T value);

    /** The value of a binary form; may throw {@link BufferUnderflowException} or {@link IllegalArgumentException}. */
    abstract T decode(byte[] bytes);

    @Override
    public final Serializer<T> serializer() {
        if (writeJson) return json.serializer();
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public final Deserializer<T> deserializer() {
        Deserializer<T> fromJson = json.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) return null;
            if (bytes.length == 0 || bytes[0] != MAGIC) return fromJson.deserialize(topic, bytes);
            try {
                return decode(bytes);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SerializationException("cannot read " + typeName + " (binary) from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
