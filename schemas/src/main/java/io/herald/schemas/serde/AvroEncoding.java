package io.herald.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro binary encoding into a per-thread scratch buffer and encoder, reused from one record to the next.
 *
 * <p>Every record Herald writes went through a new output stream (grown by copies) and a new encoder: in the
 * router's profile that allocation and copying was a few percent of the stream thread, which encodes three Avro
 * records per request. A thread keeps one buffer of at most {@link #KEEP_BYTES}; a larger record gets a buffer of
 * its own and does not pin it.
 */
public final class AvroEncoding {
    static final int KEEP_BYTES = 64 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private AvroEncoding() {
    }

    /** {@code prefix} (may be null) followed by {@code datum} in Avro binary, as a new array. */
    public static <T> byte[] encode(DatumWriter<T> writer, T datum, byte[] prefix) throws IOException {
        Scratch scratch = SCRATCH.get();
        if (scratch.busy) return encode(writer, datum, prefix, new Scratch()); // a writer that encodes inside a write
        scratch.busy = true;
        try {
            return encode(writer, datum, prefix, scratch);
        } finally {
            scratch.busy = false;
        }
    }

    private static <T> byte[] encode(DatumWriter<T> writer, T datum, byte[] prefix, Scratch scratch) throws IOException {
        ByteArrayOutputStream out = scratch.out;
        out.reset();
        if (prefix != null) out.write(prefix);
        scratch.encoder = EncoderFactory.get().binaryEncoder(out, scratch.encoder);
        try {
            writer.write(datum, scratch.encoder);
            scratch.encoder.flush();
        } catch (IOException | RuntimeException | Error e) {
            // A failed write leaves its bytes in the encoder's buffer, and reconfiguring it on the same stream keeps
            // them (AvroEncodingTest): start the next record with a new one.
            scratch.encoder = null;
            throw e;
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > KEEP_BYTES) scratch.out = new ByteArrayOutputStream(Scratch.INITIAL_BYTES);
        return bytes;
    }

    private static final class Scratch {
        static final int INITIAL_BYTES = 1024;
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
        BinaryEncoder encoder;
        boolean busy;
    }
}
