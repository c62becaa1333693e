package io.herald.router.topology;

import io.herald.contracts.NotificationRequest;
import io.herald.schemas.serde.AvroEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Plain Avro binary (no registry) for the copy of a request kept inside the ledger, and of the merged preference
 * kept by the {@link PreferenceWriter}. Both are private state written and read by the same code version; on a
 * breaking schema change they are rebuilt.
 */
final class AvroBinary {
    private static final SpecificDatumWriter<NotificationRequest> WRITER = new SpecificDatumWriter<>(NotificationRequest.class);
    private static final SpecificDatumReader<NotificationRequest> READER = new SpecificDatumReader<>(NotificationRequest.class);

    private static final SpecificDatumWriter<io.herald.contracts.RecipientPreference> PREFERENCE_WRITER =
            new SpecificDatumWriter<>(io.herald.contracts.RecipientPreference.class);
    private static final SpecificDatumReader<io.herald.contracts.RecipientPreference> PREFERENCE_READER =
            new SpecificDatumReader<>(io.herald.contracts.RecipientPreference.class);

    private AvroBinary() {
    }

    static byte[] encodePreference(io.herald.contracts.RecipientPreference preference) {
        try {
            return AvroEncoding.encode(PREFERENCE_WRITER, preference, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static io.herald.contracts.RecipientPreference decodePreference(byte[] bytes) {
        try {
            return PREFERENCE_READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(NotificationRequest request) {
        try {
            return AvroEncoding.encode(WRITER, request, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NotificationRequest decode(byte[] bytes) {
        try {
            return READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
