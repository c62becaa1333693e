package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.schemas.NotificationIds;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router's internal encoding (issue 13): binary by default, JSON on request for a rolling upgrade; same state either way. */
class LedgerEncodingTest {
    @ParameterizedTest
    @CsvSource({"'', 0", "json, 123"})
    void aRoutedNotificationAndItsWorkerOutcomeAreRecordedTheSameInEitherEncoding(String encoding, int firstByte) {
        Map<String, String> env = encoding.isEmpty() ? Map.of() : Map.of("HERALD_KAFKA_HERALD_ROUTER_INTERNAL_ENCODING", encoding);
        try (RouterHarness h = new RouterHarness(env)) {
            TestOutputTopic<String, byte[]> changelog = raw(h, h.config.applicationId() + "-" + Ledger.STORE + "-changelog");
            TestOutputTopic<String, byte[]> trackers = raw(h, h.config.applicationId() + "-" + HealthTracker.STORE + "-changelog");
            TestOutputTopic<String, byte[]> signals = raw(h, h.config.applicationId() + "-" + RouterTopology.HEALTH_SIGNALS
                    + "-repartition");
            NotificationRequest request = Fixtures.bulk("k1", h.now());
            String id = NotificationIds.of(request.getTenantId(), "k1");
            request.setNotificationId(id);
            h.requests.pipeInput(id, request);
            h.workerOutcomes.pipeInput(id, Fixtures.worker(id, OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary", null,
                    "250", h.now()));

            LedgerEntry entry = h.ledger().get(id);
            assertThat(entry.state()).isEqualTo("SENT");
            assertThat(entry.terminal()).isTrue();
            assertThat(entry.request()).isNull();
            assertThat(entry.timeline()).extracting(TimelineEntry::status).containsExactly("ACCEPTED", "ROUTED", "SENT");
            assertThat(h.driver.<String, io.herald.router.health.ProviderTracker>getKeyValueStore(HealthTracker.STORE)
                    .get("smtp-primary").successes()).isEqualTo(1);
            for (TestOutputTopic<String, byte[]> written : List.of(changelog, trackers, signals)) {
                assertThat(written.readValuesToList()).isNotEmpty()
                        .allSatisfy(bytes -> assertThat(bytes[0]).isEqualTo((byte) firstByte));
            }
        }
    }

    private static TestOutputTopic<String, byte[]> raw(RouterHarness h, String topic) {
        return h.driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }
}
