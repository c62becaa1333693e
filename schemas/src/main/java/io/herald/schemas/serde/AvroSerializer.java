package io.herald.schemas.serde;

import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, subject by TopicNameStrategy
 * ({@code <topic>-value} or {@code <topic>-key}). The schema id is resolved once per topic.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;
    /** The wire-format header (magic byte and schema id) per topic, resolved once. */
    private final Map<String, byte[]> headersByTopic = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry, boolean isKey, boolean autoRegister) {
        this.registry = registry;
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Built with an explicit client (the topic catalogue): keep it.
        if (registry != null) return;
        this.registry = SchemaRegistryClients.forConfig(SerdeConfig.registry(configs));
        this.isKey = isKey;
        this.autoRegister = SerdeConfig.autoRegister(configs);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) return null;
        if (registry == null) throw new IllegalStateException("AvroSerializer used before configure()");
        Schema schema = data.getSchema();
        byte[] header = headersByTopic.computeIfAbsent(topic, t -> {
            String subject = t + (isKey ? "-key" : "-value");
            return WireFormat.header(autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema));
        });
        try {
            return AvroEncoding.encode(writer(schema), data, header);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("topic " + topic + ": cannot serialize "
                    + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    private SpecificDatumWriter<T> writer(Schema schema) {
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
    }
}
