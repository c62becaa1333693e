package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.OutcomeStatus;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the health path writes per signal (issue 13): one tracker record per health key, none for a quiet tick. */
class HealthStoreWritesTest {
    private final RouterHarness h = new RouterHarness();
    private final TestOutputTopic<String, String> trackerChangelog = changelog(HealthTracker.STORE);
    private final TestOutputTopic<String, String> attributionChangelog = changelog(DestinationAttributor.STORE);

    @AfterEach
    void close() {
        h.close();
    }

    private TestOutputTopic<String, String> changelog(String store) {
        return h.driver.createOutputTopic(h.config.applicationId() + "-" + store + "-changelog",
                Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    private void sent(String provider, String destination) {
        String id = "n-" + System.nanoTime();
        var outcome = worker(id, OutcomeStatus.SENT, Channel.EMAIL, provider, null, "250", h.now());
        outcome.setDestination(destination);
        h.workerOutcomes.pipeInput(id, outcome);
    }

    @Test
    void aSignalWithoutAnOperatorOverrideWritesItsTrackerOnce() {
        sent("smtp-primary", null);
        assertThat(trackerChangelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("smtp-primary");
    }

    @Test
    void aDeliveryToADestinationWritesOneTrackerPerHealthKeyAndOneAttributionPerProviderAndChannel() {
        sent("smtp-primary", "exchange-online");
        assertThat(trackerChangelog.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("smtp-primary", "destination:exchange-online");
        assertThat(attributionChangelog.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("smtp-primary", "channel:EMAIL");
    }

    @Test
    void aTickThatChangesNoTrackerWritesNone() {
        sent("smtp-primary", null);
        trackerChangelog.readKeyValuesToList();
        h.advance(Duration.ofSeconds(1));
        h.advance(Duration.ofSeconds(1));
        assertThat(trackerChangelog.readKeyValuesToList()).isEmpty();
        assertThat(h.health.readValuesToList()).isEmpty();
    }
}
