package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LedgerEntrySerdeTest {
    private static final String TOPIC = "router-ledger-changelog";
    private static final TimelineEntry ACCEPTED = new TimelineEntry(1764000000000L, "ROUTER", "ACCEPTED", null, null, null, null);
    private static final TimelineEntry DEFERRED = new TimelineEntry(1764000001000L, "WORKER", "DEFERRED", "EMAIL",
            "smtp-primary", "451", "451 4.3.2 try later", 1764000061000L, 3);
    /** Every field set, none at its default. */
    private static final LedgerEntry FULL = new LedgerEntry("n-1", "acme", "DEFERRED", false, "EMAIL", "smtp-primary",
            1764000001000L, List.of(ACCEPTED, DEFERRED), Set.of("SMS"), new byte[] {1, 2, 3, 4}, DEFERRED, 1764000300000L, 1,
            1764000400000L, 1764604800000L, "acme/r-1", 1764000000000L, "fp-1");
    /** Exactly what the router wrote to the store (and its changelog) before this serde: Jackson, every field. */
    private static final String WRITTEN_AS_JSON = "{\"notificationId\":\"n-1\",\"tenantId\":\"acme\",\"state\":\"DEFERRED\","
            + "\"terminal\":false,\"channel\":\"EMAIL\",\"provider\":\"smtp-primary\",\"updatedAtMs\":1764000001000,\"timeline\":["
            + "{\"atMs\":1764000000000,\"stage\":\"ROUTER\",\"status\":\"ACCEPTED\",\"channel\":null,\"provider\":null,"
            + "\"providerCode\":null,\"detail\":null,\"nextAttemptAtMs\":null,\"attemptsLeft\":null},{\"atMs\":1764000001000,"
            + "\"stage\":\"WORKER\",\"status\":\"DEFERRED\",\"channel\":\"EMAIL\",\"provider\":\"smtp-primary\",\"providerCode\":"
            + "\"451\",\"detail\":\"451 4.3.2 try later\",\"nextAttemptAtMs\":1764000061000,\"attemptsLeft\":3}],\"exhausted\":"
            + "[\"SMS\"],\"request\":\"AQIDBA==\",\"pending\":null,\"dueAtMs\":1764000300000,\"releases\":1,\"terminalAtMs\":null,"
            + "\"purgeAtMs\":1764604800000,\"recipientKey\":\"acme/r-1\",\"dedupSeenMs\":1764000000000,\"fingerprint\":\"fp-1\"}";

    private final LedgerEntrySerde binary = new LedgerEntrySerde(false);

    static Stream<LedgerEntry> entries() {
        return Stream.of(FULL,
                LedgerEntry.empty("n-2", "acme"),
                new LedgerEntry("n-3", null, null, true, null, null, 0, null, null, null, null, null, 0, null, null, null, null,
                        null),
                new LedgerEntry("n-4 ünïcødé ✉", "acme", "SENT", true, "EMAIL", "p", Long.MAX_VALUE, List.of(new TimelineEntry(
                        Long.MIN_VALUE, "WORKER", "SENT", "EMAIL", "p", "", "250 ok — ✓", null, 0)), Set.of("SMS", "WEBHOOK"),
                        new byte[0], null, null, Integer.MAX_VALUE, -1L, null, "", null, ""));
    }

    @ParameterizedTest
    @MethodSource("entries")
    void anEntryReadsBackAsItWasWritten(LedgerEntry entry) {
        byte[] bytes = binary.serializer().serialize(TOPIC, entry);
        assertThat(bytes[0]).isEqualTo(BinaryOrJsonSerde.MAGIC);
        assertThat(binary.deserializer().deserialize(TOPIC, bytes)).usingRecursiveComparison().isEqualTo(entry);
    }

    @Test
    void theCodecCoversEveryFieldOfTheEntryAndOfItsTimelineLines() {
        // A new field must be added to LedgerEntrySerde (with a new version), or it would be lost on the next write.
        assertThat(LedgerEntry.class.getRecordComponents()).hasSize(18);
        assertThat(TimelineEntry.class.getRecordComponents()).hasSize(9);
        assertThat(Arrays.stream(LedgerEntry.class.getRecordComponents()).map(c -> {
            try {
                return c.getAccessor().invoke(FULL);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        })).as("FULL sets every field").doesNotContainNull();
    }

    @Test
    void anEntryWrittenAsJsonByAnEarlierRouterStillReads() {
        LedgerEntry read = binary.deserializer().deserialize(TOPIC, WRITTEN_AS_JSON.getBytes(StandardCharsets.UTF_8));
        LedgerEntry expected = new LedgerEntry("n-1", "acme", "DEFERRED", false, "EMAIL", "smtp-primary", 1764000001000L,
                List.of(ACCEPTED, DEFERRED), Set.of("SMS"), new byte[] {1, 2, 3, 4}, null, 1764000300000L, 1, null,
                1764604800000L, "acme/r-1", 1764000000000L, "fp-1");
        assertThat(read).usingRecursiveComparison().isEqualTo(expected);
        // Rewritten in binary, it reads back the same.
        assertThat(binary.deserializer().deserialize(TOPIC, binary.serializer().serialize(TOPIC, read)))
                .usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void anEntryWrittenAsJsonBeforeTheDedupFieldsExistedStillReads() {
        String older = WRITTEN_AS_JSON.replace(",\"dedupSeenMs\":1764000000000,\"fingerprint\":\"fp-1\"", "");
        LedgerEntry read = binary.deserializer().deserialize(TOPIC, older.getBytes(StandardCharsets.UTF_8));
        assertThat(read.dedupSeenMs()).isNull();
        assertThat(read.fingerprint()).isNull();
        assertThat(read.timeline()).containsExactly(ACCEPTED, DEFERRED);
        assertThat(read.recipientKey()).isEqualTo("acme/r-1");
    }

    @Test
    void theJsonSettingWritesJsonForOlderRoutersAndStillReadsBinary() {
        LedgerEntrySerde json = new LedgerEntrySerde(true);
        byte[] written = json.serializer().serialize(TOPIC, FULL);
        assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("{\"notificationId\":\"n-1\"");
        assertThat(json.deserializer().deserialize(TOPIC, written)).usingRecursiveComparison().isEqualTo(FULL);
        assertThat(json.deserializer().deserialize(TOPIC, binary.serializer().serialize(TOPIC, FULL)))
                .usingRecursiveComparison().isEqualTo(FULL);
    }

    @Test
    void aTruncatedBinaryValueIsASerializationErrorNamingTheTopic() {
        byte[] bytes = binary.serializer().serialize(TOPIC, FULL);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> binary.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("LedgerEntry").hasMessageContaining(TOPIC);
    }

    @Test
    void aBinaryValueOfAnUnknownVersionIsASerializationError() {
        byte[] bytes = binary.serializer().serialize(TOPIC, FULL);
        bytes[1] = 9;
        assertThatThrownBy(() -> binary.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown version 9");
    }

    @Test
    void theBinaryFormIsSmallerThanTheJson() {
        int json = new LedgerEntrySerde(true).serializer().serialize(TOPIC, FULL).length;
        assertThat(binary.serializer().serialize(TOPIC, FULL).length).isLessThan(json);
    }
}
