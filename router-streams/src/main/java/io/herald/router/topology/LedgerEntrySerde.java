package io.herald.router.topology;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger store's value serde (issue 13): a compact binary form, read and written field by field, instead of
 * JSON, which cost a quarter of the stream thread during a bulk drain (every worker outcome reads and rewrites its
 * entry). Reads both forms: entries written as JSON by earlier routers (in the store and its changelog on every
 * existing deployment) still read, and are rewritten in binary the next time they change.
 *
 * <p>Binary form: {@link #MAGIC} (never the first byte of a JSON text), {@link #VERSION}, then the fields in
 * {@link LedgerEntry}'s order. Strings are UTF-8 with an int length, -1 for null; nullable longs and ints carry a
 * presence byte; lists and sets an int count, -1 for null. A new field needs a new version here, and the reader
 * keeps reading the old ones.
 *
 * <p>Writes JSON instead when told to ({@link InternalEncoding}), for a rolling upgrade from an older router.
 */
final class LedgerEntrySerde extends BinaryOrJsonSerde<LedgerEntry> {
    static final byte VERSION = 1;

    LedgerEntrySerde(boolean writeJson) {
        super(LedgerEntry.class, writeJson);
    }

    @Override
    byte[] encode(LedgerEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (e.request() == null ? 0 : e.request().length));
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            string(out, e.notificationId());
            string(out, e.tenantId());
            string(out, e.state());
            out.writeBoolean(e.terminal());
            string(out, e.channel());
            string(out, e.provider());
            out.writeLong(e.updatedAtMs());
            if (e.timeline() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(e.timeline().size());
                for (TimelineEntry t : e.timeline()) line(out, t);
            }
            if (e.exhausted() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(e.exhausted().size());
                for (String channel : e.exhausted()) string(out, channel);
            }
            if (e.request() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(e.request().length);
                out.write(e.request());
            }
            out.writeBoolean(e.pending() != null);
            if (e.pending() != null) line(out, e.pending());
            optionalLong(out, e.dueAtMs());
            out.writeInt(e.releases());
            optionalLong(out, e.terminalAtMs());
            optionalLong(out, e.purgeAtMs());
            string(out, e.recipientKey());
            optionalLong(out, e.dedupSeenMs());
            string(out, e.fingerprint());
            out.flush();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    @Override
    LedgerEntry decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get(); // MAGIC
        byte version = in.get();
        if (version != VERSION) throw new IllegalArgumentException("unknown version " + version);
        String notificationId = string(in);
        String tenantId = string(in);
        String state = string(in);
        boolean terminal = in.get() != 0;
        String channel = string(in);
        String provider = string(in);
        long updatedAtMs = in.getLong();
        int lines = in.getInt();
        List<TimelineEntry> timeline = null;
        if (lines >= 0) {
            timeline = new ArrayList<>(lines);
            for (int i = 0; i < lines; i++) timeline.add(line(in));
        }
        int exhaustedCount = in.getInt();
        Set<String> exhausted = null;
        if (exhaustedCount >= 0) {
            exhausted = new HashSet<>();
            for (int i = 0; i < exhaustedCount; i++) exhausted.add(string(in));
        }
        int requestLength = in.getInt();
        byte[] request = null;
        if (requestLength >= 0) {
            request = new byte[requestLength];
            in.get(request);
        }
        TimelineEntry pending = in.get() != 0 ? line(in) : null;
        Long dueAtMs = optionalLong(in);
        int releases = in.getInt();
        Long terminalAtMs = optionalLong(in);
        Long purgeAtMs = optionalLong(in);
        String recipientKey = string(in);
        Long dedupSeenMs = optionalLong(in);
        String fingerprint = string(in);
        if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the last field");
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs, recipientKey, dedupSeenMs,
                fingerprint);
    }

    private static void line(DataOutputStream out, TimelineEntry t) throws IOException {
        out.writeLong(t.atMs());
        string(out, t.stage());
        string(out, t.status());
        string(out, t.channel());
        string(out, t.provider());
        string(out, t.providerCode());
        string(out, t.detail());
        optionalLong(out, t.nextAttemptAtMs());
        out.writeBoolean(t.attemptsLeft() != null);
        if (t.attemptsLeft() != null) out.writeInt(t.attemptsLeft());
    }

    private static TimelineEntry line(ByteBuffer in) {
        long atMs = in.getLong();
        String stage = string(in);
        String status = string(in);
        String channel = string(in);
        String provider = string(in);
        String providerCode = string(in);
        String detail = string(in);
        Long nextAttemptAtMs = optionalLong(in);
        Integer attemptsLeft = in.get() != 0 ? in.getInt() : null;
        return new TimelineEntry(atMs, stage, status, channel, provider, providerCode, detail, nextAttemptAtMs, attemptsLeft);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) return null;
        if (length > in.remaining()) throw new IllegalArgumentException("string of " + length + " bytes past the end");
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void optionalLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) out.writeLong(value);
    }

    private static Long optionalLong(ByteBuffer in) {
        return in.get() != 0 ? in.getLong() : null;
    }
}
