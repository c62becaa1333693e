package io.herald.schemas.serde;

import io.herald.schemas.registry.RegistryException;
import io.herald.schemas.registry.RegistryUnavailableException;
import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into a specific record class, resolving the writer's schema (by
 * the id in the payload) against the class's schema, so records written by older versions stay
 * readable. Every malformed payload (and an unknown schema id) fails with a {@link SerializationException}
 * naming the topic and the reason; the consumer adds partition and offset when it wraps it. A registry that
 * cannot answer fails with a {@link RegistryUnavailableException} instead: retriable, never a dead letter.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    static {
        AvroLimits.install();
    }

    private SchemaRegistryClient registry;
    private Class<T> type;
    private Schema readerSchema;
    private SpecificData model;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
    }

    public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        init(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Built with an explicit client and type (the topic catalogue): nothing to read from configs.
        if (registry != null && type != null) return;
        this.registry = SchemaRegistryClients.forConfig(SerdeConfig.registry(configs));
        String key = isKey ? SerdeConfig.KEY_TYPE : SerdeConfig.VALUE_TYPE;
        Object name = configs.get(key);
        if (name == null) throw new IllegalArgumentException("missing required config " + key);
        try {
            init((Class<T>) Class.forName(name.toString()));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(key + " names an unknown class: " + name, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        if (payload == null) return null;
        if (registry == null) throw new IllegalStateException("AvroDeserializer used before configure()");
        int id = WireFormat.schemaId(topic, payload);
        SpecificDatumReader<T> reader = reader(topic, id);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE,
                    payload.length - WireFormat.HEADER_SIZE, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("topic " + topic + ": payload with schema id " + id
                        + " has trailing bytes after the " + readerSchema.getName() + " record");
            }
            return record;
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt Avro surfaces as EOF, index or Avro runtime errors: name it as data, not a bug.
            throw new SerializationException("topic " + topic + ": malformed Avro payload with schema id " + id
                    + " for " + readerSchema.getName() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private SpecificDatumReader<T> reader(String topic, int id) {
        SpecificDatumReader<T> cached = readers.get(id);
        if (cached != null) return cached;
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (RegistryException e) {
            // Only "no such schema" is the record's fault; anything else is the registry's, and retriable.
            if (e.isNotFound()) {
                throw new SerializationException("topic " + topic + ": unknown schema id " + id + " (" + e.getMessage() + ")", e);
            }
            throw new RegistryUnavailableException("topic " + topic + ": cannot fetch schema id " + id + " ("
                    + e.getMessage() + ")", e);
        }
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(writer, readerSchema, model);
        readers.put(id, reader);
        return reader;
    }

    private void init(Class<T> type) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }
}
