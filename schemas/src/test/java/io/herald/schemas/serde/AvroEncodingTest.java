package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.NotificationRequest;
import io.herald.schemas.Samples;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The reused per-thread buffer and encoder must never leak one record's bytes into the next. */
class AvroEncodingTest {
    static {
        // This test decodes with Avro's own reader: the first decode in a JVM fixes Avro's length limits, so install
        // Herald's first, or a later test in this JVM decoding random bytes allocates without a cap (AvroSerdeTest).
        AvroLimits.install();
    }

    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");
    private static final DatumWriter<NotificationRequest> WRITER = new SpecificDatumWriter<>(NotificationRequest.class);

    @Test
    void eachRecordIsEncodedAloneWithItsPrefix() throws IOException {
        NotificationRequest otp = Samples.otp("acme", "k-1", NOW);
        NotificationRequest newsletter = Samples.newsletter("acme", "k-2", NOW);

        byte[] first = AvroEncoding.encode(WRITER, otp, new byte[] {9, 8});
        byte[] second = AvroEncoding.encode(WRITER, newsletter, null);
        byte[] third = AvroEncoding.encode(WRITER, otp, null);

        assertThat(Arrays.copyOf(first, 2)).containsExactly(9, 8);
        assertThat(decode(Arrays.copyOfRange(first, 2, first.length))).isEqualTo(otp);
        assertThat(decode(second)).isEqualTo(newsletter);
        assertThat(third).isEqualTo(Arrays.copyOfRange(first, 2, first.length));
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNothingForTheNextRecord() throws IOException {
        NotificationRequest otp = Samples.otp("acme", "k-1", NOW);
        byte[] clean = AvroEncoding.encode(WRITER, otp, null);
        NotificationRequest broken = NotificationRequest.newBuilder(otp).build();
        broken.put("tenantId", null); // not nullable: the writer fails after writing the fields before it

        assertThatThrownBy(() -> AvroEncoding.encode(WRITER, broken, null)).isInstanceOf(RuntimeException.class);

        assertThat(AvroEncoding.encode(WRITER, otp, null)).isEqualTo(clean);
    }

    @Test
    void aRecordLargerThanTheKeptBufferIsWholeAndTheNextSmallOneToo() throws IOException {
        NotificationRequest otp = Samples.otp("acme", "k-1", NOW);
        NotificationRequest large = NotificationRequest.newBuilder(otp).build();
        large.getContent().setText("x".repeat(AvroEncoding.KEEP_BYTES * 2));

        assertThat(decode(AvroEncoding.encode(WRITER, large, null))).isEqualTo(large);
        assertThat(decode(AvroEncoding.encode(WRITER, otp, null))).isEqualTo(otp);
    }

    @Test
    void aWriterThatEncodesInsideItsWriteGetsAScratchOfItsOwn() throws IOException {
        NotificationRequest otp = Samples.otp("acme", "k-1", NOW);
        byte[] inner = AvroEncoding.encode(WRITER, otp, null);
        byte[][] seenInside = new byte[1][];
        DatumWriter<NotificationRequest> nesting = new DatumWriter<>() {
            @Override
            public void setSchema(org.apache.avro.Schema schema) {
            }

            @Override
            public void write(NotificationRequest datum, Encoder out) throws IOException {
                seenInside[0] = AvroEncoding.encode(WRITER, datum, null);
                WRITER.write(datum, out);
            }
        };

        byte[] outer = AvroEncoding.encode(nesting, otp, null);

        assertThat(seenInside[0]).isEqualTo(inner);
        assertThat(outer).isEqualTo(inner);
    }

    private static NotificationRequest decode(byte[] bytes) throws IOException {
        return new SpecificDatumReader<>(NotificationRequest.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
