package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.NotificationRequest;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Old writer → new reader for every contract. The "old" version of each contract is the current one
 * without its optional (defaulted) fields, which is what every BACKWARD evolution step adds; a
 * producer still on that version must stay readable, with the new fields at their defaults.
 */
class SchemaEvolutionTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    static Stream<SpecificRecord> everyContract() {
        return ContractFixtures.everyContract(NOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyContract")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aRecordWrittenWithTheOlderSchemaIsReadByTheCurrentClass(SpecificRecord current) throws IOException {
        Schema currentSchema = current.getSchema();
        Schema older = withoutDefaultedFields(currentSchema);
        GenericRecord oldRecord = project(current, older);
        int id = registry.register("evolving-value", older);

        byte[] bytes = frame(id, older, oldRecord, SpecificData.getForSchema(currentSchema));
        SpecificRecord read = (SpecificRecord) new AvroDeserializer(registry, current.getClass()).deserialize("evolving", bytes);

        for (Schema.Field field : currentSchema.getFields()) {
            Object expected = older.getField(field.name()) != null
                    ? current.get(field.pos())
                    : SpecificData.getForSchema(currentSchema).getDefaultValue(field);
            assertThat(read.get(field.pos())).as(field.name()).isEqualTo(expected);
        }
        assertThat(registry.isCompatible("evolving-value", currentSchema)).isTrue();
    }

    @Test
    void aHandWrittenFirstVersionOfTheRequestStaysReadable() throws IOException {
        // What a producer compiled against the very first contract would send: no expiry, no fallback flag,
        // no attributes, a recipient with only an email.
        Schema v1 = new Schema.Parser().parse("""
            {"type":"record","name":"NotificationRequest","namespace":"io.herald.contracts","fields":[
              {"name":"notificationId","type":"string"},
              {"name":"tenantId","type":"string"},
              {"name":"idempotencyKey","type":"string"},
              {"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"priority","type":{"type":"enum","name":"Priority","symbols":["CRITICAL","TRANSACTIONAL","BULK"]}},
              {"name":"category","type":"string"},
              {"name":"recipient","type":{"type":"record","name":"Recipient","fields":[
                 {"name":"recipientId","type":"string"},
                 {"name":"email","type":["null","string"],"default":null}]}},
              {"name":"channels","type":{"type":"array","items":{"type":"enum","name":"Channel","symbols":["EMAIL","SMS"]}}},
              {"name":"content","type":{"type":"record","name":"Content","fields":[{"name":"text","type":"string"}]}}
            ]}""");
        GenericRecord recipient = new GenericData.Record(v1.getField("recipient").schema());
        recipient.put("recipientId", "u-9");
        recipient.put("email", "old@example.com");
        GenericRecord content = new GenericData.Record(v1.getField("content").schema());
        content.put("text", "hi");
        GenericRecord record = new GenericData.Record(v1);
        record.put("notificationId", "n-9");
        record.put("tenantId", "acme");
        record.put("idempotencyKey", "k-9");
        record.put("createdAt", NOW.toEpochMilli());
        record.put("priority", new GenericData.EnumSymbol(v1.getField("priority").schema(), "BULK"));
        record.put("category", "receipt");
        record.put("recipient", recipient);
        record.put("channels", List.of(new GenericData.EnumSymbol(v1.getField("channels").schema().getElementType(), "EMAIL")));
        record.put("content", content);
        int id = registry.register("notify.request.v1-value", v1);

        NotificationRequest read = new AvroDeserializer<>(registry, NotificationRequest.class)
                .deserialize("notify.request.v1", frame(id, v1, record, SpecificData.get()));

        assertThat(read.getNotificationId()).isEqualTo("n-9");
        assertThat(read.getCreatedAt()).isEqualTo(NOW);
        assertThat(read.getExpiresAt()).isNull();
        assertThat(read.getAllowChannelFallback()).isNull();
        assertThat(read.getAttributes()).isEmpty();
        assertThat(read.getRecipient().getPhone()).isNull();
        assertThat(read.getContent().getSubject()).isNull();
        assertThat(read.getContent().getText()).isEqualTo("hi");
        assertThat(registry.isCompatible("notify.request.v1-value", NotificationRequest.getClassSchema())).isTrue();
        // Sanity: the sample of today's request is still richer than v1.
        assertThat(Samples.otp("acme", "k", NOW).getRecipient().getPhone()).isNotNull();
    }

    private static Schema withoutDefaultedFields(Schema schema) {
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            if (!field.hasDefaultValue()) kept.add(new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    private static GenericRecord project(SpecificRecord current, Schema older) {
        // Going through the generic model of the current schema keeps nested records and logical types intact.
        GenericData.Record record = new GenericData.Record(older);
        for (Schema.Field field : older.getFields()) {
            record.put(field.name(), current.get(current.getSchema().getField(field.name()).pos()));
        }
        return record;
    }

    @SuppressWarnings("unchecked")
    private static byte[] frame(int id, Schema writerSchema, GenericRecord record, SpecificData model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        // The contract's model knows the logical-type conversions (Instant) of the values copied from the record.
        new GenericDatumWriter<GenericRecord>(writerSchema, model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
