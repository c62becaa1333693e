package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    static Stream<SpecificRecord> everyContract() {
        return ContractFixtures.everyContract(NOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyContract")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTripsEveryContractThroughTheConfluentWireFormat(SpecificRecord record) {
        AvroSerde serde = new AvroSerde(registry, record.getClass(), false, true);
        byte[] bytes = serde.serializer().serialize("t", record);

        int id = registry.latest("t-value").id();
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(record);
    }

    @Test
    void registersUnderTheTopicNameStrategySubjectForKeysAndValues() {
        new AvroSerializer<NotificationRequest>(registry, true, true).serialize("orders", Samples.otp("acme", "k1", NOW));
        new AvroSerializer<NotificationRequest>(registry, false, true).serialize("orders", Samples.otp("acme", "k1", NOW));

        assertThat(registry.latest("orders-key").schema()).isEqualTo(NotificationRequest.getClassSchema());
        assertThat(registry.latest("orders-value").schema()).isEqualTo(NotificationRequest.getClassSchema());
    }

    @Test
    void refusesToWriteAnUnregisteredSchemaWhenAutoRegisterIsOff() {
        AvroSerializer<NotificationRequest> serializer = new AvroSerializer<>(registry, false, false);

        assertThatThrownBy(() -> serializer.serialize("quiet", Samples.otp("acme", "k1", NOW)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("quiet-value");
    }

    @Test
    void passesNullsThroughAsTombstones() {
        AvroSerde<DeliveryOutcome> serde = new AvroSerde<>(registry, DeliveryOutcome.class, false, true);

        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void namesTopicAndReasonForAWrongMagicByte() {
        byte[] bytes = validOtpBytes();
        bytes[0] = 0x7b; // '{' — someone wrote JSON to an Avro topic

        assertThatThrownBy(() -> deserializer().deserialize("notify.request.v1", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("notify.request.v1")
                .hasMessageContaining("magic byte 0x7b");
    }

    @Test
    void namesTopicAndReasonForAPayloadShorterThanTheHeader() {
        assertThatThrownBy(() -> deserializer().deserialize("notify.request.v1", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("notify.request.v1")
                .hasMessageContaining("truncated payload of 3 bytes");
    }

    @Test
    void namesTheUnknownSchemaId() {
        byte[] bytes = validOtpBytes();
        ByteBuffer.wrap(bytes).put(1, (byte) 0).putInt(1, 4242);

        assertThatThrownBy(() -> deserializer().deserialize("notify.request.v1", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("notify.request.v1")
                .hasMessageContaining("unknown schema id 4242");
    }

    @Test
    void reportsATruncatedBodyAsMalformedNotAsARuntimeBug() {
        byte[] bytes = validOtpBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() -> deserializer().deserialize("notify.request.v1", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("notify.request.v1")
                .hasMessageContaining("malformed Avro payload");
    }

    @Test
    void reportsTrailingGarbageAfterTheRecord() {
        byte[] bytes = validOtpBytes();
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> deserializer().deserialize("notify.request.v1", padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void neverThrowsAnythingButSerializationExceptionForRandomBytes() {
        AvroDeserializer<NotificationRequest> deserializer = deserializer();
        java.util.Random random = new java.util.Random(7);
        int id = registry.latest("notify.request.v1-value").id();
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[5 + random.nextInt(200)];
            random.nextBytes(bytes);
            ByteBuffer.wrap(bytes).put(0, (byte) 0).putInt(1, id);
            try {
                deserializer.deserialize("notify.request.v1", bytes);
            } catch (SerializationException expected) {
                assertThat(expected.getMessage()).contains("notify.request.v1");
            }
        }
    }

    private byte[] validOtpBytes() {
        return new AvroSerializer<NotificationRequest>(registry, false, true)
                .serialize("notify.request.v1", Samples.otp("acme", "k1", NOW));
    }

    private AvroDeserializer<NotificationRequest> deserializer() {
        validOtpBytes(); // make sure the topic's schema is registered
        return new AvroDeserializer<>(registry, NotificationRequest.class);
    }
}
