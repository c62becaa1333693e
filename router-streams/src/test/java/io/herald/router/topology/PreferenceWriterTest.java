package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.herald.contracts.Channel;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.PreferenceEventType;
import io.herald.contracts.RecipientPreference;
import io.herald.schemas.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router is the single writer of the preference topic: it folds every ingest instance's events, in log order,
 * into one consent trail per recipient, so no instance's stale view can drop another's evidence.
 */
class PreferenceWriterTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private PreferenceEvent set(String instance, String source, String proof, Instant at, Channel... optedOut) {
        return PreferenceEvent.newBuilder().setEventId(instance + "-" + at.toEpochMilli()).setTenantId("acme")
                .setRecipientId("u-1").setAt(at).setType(PreferenceEventType.SET)
                .setOptOuts(java.util.Arrays.stream(optedOut).map(c -> OptOut.newBuilder().setChannel(c).build()).toList())
                .setSource(source).setActor("acme-main").setEvidence(proof).setInstanceId(instance).build();
    }

    private PreferenceEvent erase(Instant at) {
        return PreferenceEvent.newBuilder().setEventId("erase-" + at.toEpochMilli()).setTenantId("acme").setRecipientId("u-1")
                .setAt(at).setType(PreferenceEventType.ERASE).setActor("acme-main").build();
    }

    private List<TestRecord<String, RecipientPreference>> written() {
        return h.mergedPreferences.readRecordsToList();
    }

    @Test
    void changesMadeOnTwoInstancesWithStaleViewsBothKeepTheirConsentEvidence() {
        // Each instance built its change from its own (empty) view: neither knew of the other's.
        h.preferenceEvents.pipeInput("acme/u-1", set("ingest-a", "sms-stop", "SM123", h.now(), Channel.SMS));
        h.preferenceEvents.pipeInput("acme/u-1", set("ingest-b", "web-form", "form-9", h.now().plusMillis(5),
                Channel.SMS, Channel.EMAIL));

        List<TestRecord<String, RecipientPreference>> written = written();
        assertThat(written).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("acme/u-1"));
        RecipientPreference latest = written.get(1).value();
        assertThat(latest.getConsents()).extracting(ConsentRecord::getChannel, ConsentRecord::getGranted,
                ConsentRecord::getSource, ConsentRecord::getEvidence).containsExactly(
                tuple(Channel.SMS, false, "sms-stop", "SM123"),
                tuple(Channel.EMAIL, false, "web-form", "form-9"));
        assertThat(latest.getOptOuts()).extracting(OptOut::getChannel).containsExactlyInAnyOrder(Channel.SMS, Channel.EMAIL);
    }

    @Test
    void aRecipientWrittenBeforeTheWriterExistedKeepsItsEarlierTrail() {
        // What an older ingest wrote straight to the compacted topic (the router's global view holds it).
        h.preferences.pipeInput("acme/u-1", Samples.preference("acme", "u-1", h.now()));

        h.preferenceEvents.pipeInput("acme/u-1", set("ingest-a", "api", null, h.now().plusSeconds(60), Channel.SMS));

        RecipientPreference latest = written().get(0).value();
        assertThat(latest.getConsents()).extracting(ConsentRecord::getChannel, ConsentRecord::getGranted).containsExactly(
                tuple(Channel.EMAIL, false), // the earlier newsletter opt-out
                tuple(Channel.SMS, false),
                tuple(Channel.EMAIL, true)); // no longer in the desired state: a grant, recorded
    }

    @Test
    void anErasureWritesATombstoneAndALaterChangeStartsAfresh() {
        h.preferences.pipeInput("acme/u-1", Samples.preference("acme", "u-1", h.now()));
        h.preferenceEvents.pipeInput("acme/u-1", set("ingest-a", "sms-stop", "SM123", h.now(), Channel.SMS));
        h.advance(Duration.ofMinutes(1));
        h.preferenceEvents.pipeInput("acme/u-1", erase(h.now()));
        // The global view has not seen the tombstone yet: the writer must not start from its stale copy.
        h.preferenceEvents.pipeInput("acme/u-1", set("ingest-b", "web-form", "form-1", h.now().plusSeconds(1), Channel.EMAIL));

        List<TestRecord<String, RecipientPreference>> written = written();
        assertThat(written).hasSize(3);
        assertThat(written.get(1).key()).isEqualTo("acme/u-1");
        assertThat(written.get(1).value()).as("tombstone").isNull();
        assertThat(written.get(2).value().getConsents()).extracting(ConsentRecord::getEvidence).containsExactly("form-1");
    }
}
