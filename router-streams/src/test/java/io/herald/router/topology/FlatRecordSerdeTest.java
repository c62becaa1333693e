package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.router.health.Attribution;
import io.herald.router.health.ProviderTracker;
import io.herald.router.health.Signal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlatRecordSerdeTest {
    private static final String TOPIC = "t";
    private static final ProviderTracker TRACKER = new ProviderTracker("smtp-primary", Channel.EMAIL, HealthState.HALF_OPEN,
            1764000000000L, 1764000000000L, 1764000001000L, 7, 3, 2, 1, 1, 2, 3, 2, 1, HealthSource.PROBE, 1764000002000L,
            true, HealthState.DOWN);
    private static final ProviderSignal SIGNAL = new ProviderSignal("destination:exchange-online", Channel.EMAIL,
            Signal.TRANSIENT, 1764000003000L, "exchange-online");

    record Before(String name, long at) {
    }

    record After(String name, long at, Integer count, boolean flag, HealthState state) {
    }

    record Unsupported(String name, List<String> lines) {
    }

    record Boxed(Long a, Integer b, Boolean c, Double d, double e, String f) {
    }

    static Stream<Record> values() {
        return Stream.of(TRACKER, ProviderTracker.fresh("twilio", Channel.SMS, 5L), SIGNAL,
                new ProviderSignal("twilio", Channel.SMS, Signal.PROBE_OK, -1L), Attribution.NONE,
                Attribution.NONE.delivered("google-workspace", 1L).failed("exchange-online", 2L).delivered("ünï ✉", 3L),
                new Boxed(Long.MIN_VALUE, Integer.MAX_VALUE, true, -0.5, Double.NaN, ""), new Boxed(null, null, null, null, 0, null));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @ParameterizedTest
    @MethodSource("values")
    void aValueReadsBackAsItWasWritten(Record value) {
        FlatRecordSerde serde = new FlatRecordSerde(value.getClass(), false);
        byte[] bytes = serde.serializer().serialize(TOPIC, value);
        assertThat(bytes[0]).isEqualTo(BinaryOrJsonSerde.MAGIC);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(value);
    }

    @Test
    void aTrackerWrittenAsJsonByAnEarlierRouterStillReads() {
        String json = "{\"providerId\":\"smtp-primary\",\"channel\":\"EMAIL\",\"state\":\"HALF_OPEN\",\"sinceMs\":1764000000000,"
                + "\"lastTransitionMs\":1764000000000,\"windowStartMs\":1764000001000,\"attempts\":7,\"successes\":3,"
                + "\"transientFailures\":2,\"throttled\":1,\"permanentFailures\":1,\"consecutiveTransient\":2,"
                + "\"consecutiveUndelivered\":3,\"halfOpenSuccesses\":2,\"halfOpenProbeSuccesses\":1,\"halfOpenFailedBy\":\"PROBE\","
                + "\"lastProbeAtMs\":1764000002000,\"lastProbeOk\":true,\"forced\":\"DOWN\"}";
        assertThat(new FlatRecordSerde<>(ProviderTracker.class, false).deserializer()
                .deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(TRACKER);
    }

    @Test
    void aSignalWrittenAsJsonByAnEarlierRouterStillReads() {
        String json = "{\"providerId\":\"destination:exchange-online\",\"channel\":\"EMAIL\",\"signal\":\"TRANSIENT\","
                + "\"atMs\":1764000003000,\"destination\":\"exchange-online\"}";
        assertThat(new FlatRecordSerde<>(ProviderSignal.class, false).deserializer()
                .deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(SIGNAL);
    }

    @Test
    void anAttributionWrittenAsJsonByAnEarlierRouterStillReads() {
        String json = "{\"deliveredTo\":\"google-workspace\",\"deliveredAtMs\":1764000004000,\"deliveredOtherTo\":null,"
                + "\"deliveredOtherAtMs\":-4611686018427387904,\"failedFor\":null,\"failedAtMs\":-4611686018427387904,"
                + "\"failedOtherFor\":null,\"failedOtherAtMs\":-4611686018427387904}";
        assertThat(new FlatRecordSerde<>(Attribution.class, false).deserializer()
                .deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Attribution.NONE.delivered("google-workspace", 1764000004000L));
    }

    @Test
    void fieldsAddedAtTheEndReadAsJsonWouldReadThemWhenMissing() {
        byte[] before = new FlatRecordSerde<>(Before.class, false).serializer().serialize(TOPIC, new Before("a", 42L));
        assertThat(new FlatRecordSerde<>(After.class, false).deserializer().deserialize(TOPIC, before))
                .isEqualTo(new After("a", 42L, null, false, null));
    }

    @Test
    void moreFieldsThanTheRecordHasAreASerializationErrorNamingTheType() {
        byte[] after = new FlatRecordSerde<>(After.class, false).serializer().serialize(TOPIC, new After("a", 1L, 2, true, null));
        assertThatThrownBy(() -> new FlatRecordSerde<>(Before.class, false).deserializer().deserialize(TOPIC, after))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Before").hasMessageContaining("5 fields");
    }

    @Test
    void aTruncatedValueIsASerializationErrorNamingTheTypeAndTopic() {
        FlatRecordSerde<ProviderTracker> serde = new FlatRecordSerde<>(ProviderTracker.class, false);
        byte[] bytes = serde.serializer().serialize(TOPIC, TRACKER);
        assertThatThrownBy(() -> serde.deserializer().deserialize("health", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("ProviderTracker").hasMessageContaining("health");
    }

    @Test
    void aFieldTypeItCannotWriteIsRefusedWhenTheSerdeIsMade() {
        assertThatThrownBy(() -> new FlatRecordSerde<>(Unsupported.class, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unsupported.lines");
    }

    @Test
    void theJsonSettingWritesJsonAndStillReadsBinary() {
        FlatRecordSerde<ProviderTracker> json = new FlatRecordSerde<>(ProviderTracker.class, true);
        byte[] written = json.serializer().serialize(TOPIC, TRACKER);
        assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("{\"providerId\":\"smtp-primary\"");
        byte[] binary = new FlatRecordSerde<>(ProviderTracker.class, false).serializer().serialize(TOPIC, TRACKER);
        assertThat(json.deserializer().deserialize(TOPIC, binary)).isEqualTo(TRACKER);
    }
}
