package io.herald.router.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.PreferenceEventType;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferenceMergeTest {
    static final Instant T1 = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-23T11:00:00Z");

    static PreferenceEvent set(Instant at, String source, String proof, OptOut... optOuts) {
        return PreferenceEvent.newBuilder().setEventId("e-" + at).setTenantId("acme").setRecipientId("u-1").setAt(at)
                .setType(PreferenceEventType.SET).setOptOuts(List.of(optOuts))
                .setQuietHours(QuietHours.newBuilder().setStartMinute(22 * 60).setEndMinute(7 * 60).build())
                .setTimezone("Europe/Paris").setSource(source).setActor("acme-main").setEvidence(proof).build();
    }

    static OptOut optOut(Channel channel, String category) {
        return OptOut.newBuilder().setChannel(channel).setCategory(category).build();
    }

    @Test
    void recordsAnOptOutAsAWithdrawnConsentWithEvidence() {
        RecipientPreference next = PreferenceMerge.apply(null, set(T1, "web-form", "form-42", optOut(Channel.SMS, "newsletter")));

        assertThat(next.getOptOuts()).containsExactly(optOut(Channel.SMS, "newsletter"));
        assertThat(next.getConsents()).containsExactly(ConsentRecord.newBuilder().setChannel(Channel.SMS)
                .setCategory("newsletter").setGranted(false).setAt(T1).setSource("web-form").setActor("acme-main")
                .setEvidence("form-42").build());
        assertThat(next.getQuietHours().getStartMinute()).isEqualTo(1320);
        assertThat(next.getTimezone()).isEqualTo("Europe/Paris");
        assertThat(next.getUpdatedAt()).isEqualTo(T1);
    }

    @Test
    void removingAnOptOutIsAGrantAppendedToTheTrail() {
        RecipientPreference first = PreferenceMerge.apply(null, set(T1, "api", null, optOut(Channel.EMAIL, null)));

        RecipientPreference second = PreferenceMerge.apply(first, set(T2, "email-unsubscribe", null));

        assertThat(second.getOptOuts()).isEmpty();
        assertThat(second.getConsents()).extracting(ConsentRecord::getGranted).containsExactly(false, true);
        assertThat(second.getConsents().get(1).getAt()).isEqualTo(T2);
    }

    @Test
    void anUnchangedOptOutAddsNoConsentRecord() {
        RecipientPreference first = PreferenceMerge.apply(null, set(T1, "api", null, optOut(Channel.SMS, null)));

        RecipientPreference second = PreferenceMerge.apply(first, set(T2, "api", null, optOut(Channel.SMS, null)));

        assertThat(second.getConsents()).hasSize(1);
    }

    @Test
    void twoChangesMadeOnStaleViewsBothKeepTheirEvidence() {
        // Instance A records an SMS STOP; instance B, which never saw it, records an email opt-out for the same person.
        PreferenceEvent fromA = set(T1, "sms-stop", "SM123", optOut(Channel.SMS, null));
        PreferenceEvent fromB = set(T2, "web-form", "form-9", optOut(Channel.EMAIL, null));

        RecipientPreference merged = PreferenceMerge.apply(PreferenceMerge.apply(null, fromA), fromB);

        assertThat(merged.getConsents()).extracting(ConsentRecord::getChannel, ConsentRecord::getGranted,
                ConsentRecord::getEvidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Channel.SMS, false, "SM123"),
                org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, false, "form-9"),
                // B's full desired state no longer lists the SMS opt-out: the trail says so instead of losing A's STOP.
                org.assertj.core.groups.Tuple.tuple(Channel.SMS, true, "form-9"));
    }

    @Test
    void anEventStampedEarlierThanTheMergedVersionDoesNotMoveUpdatedAtBack() {
        RecipientPreference first = PreferenceMerge.apply(null, set(T2, "api", null));

        assertThat(PreferenceMerge.apply(first, set(T1, "api", null)).getUpdatedAt()).isEqualTo(T2);
    }

    @Test
    void keepsTheNewestConsentRecordsOnly() {
        RecipientPreference p = null;
        for (int i = 0; i < PreferenceMerge.MAX_CONSENTS + 10; i++) {
            Instant at = T1.plusSeconds(i);
            p = PreferenceMerge.apply(p, i % 2 == 0 ? set(at, "api", "p" + i, optOut(Channel.SMS, null)) : set(at, "api", "p" + i));
        }
        assertThat(p.getConsents()).hasSize(PreferenceMerge.MAX_CONSENTS);
        assertThat(p.getConsents().get(PreferenceMerge.MAX_CONSENTS - 1).getEvidence())
                .isEqualTo("p" + (PreferenceMerge.MAX_CONSENTS + 9));
    }

    @Test
    void anErasureForgetsTheRecipient() {
        RecipientPreference first = PreferenceMerge.apply(null, set(T1, "api", null, optOut(Channel.SMS, null)));
        PreferenceEvent erase = PreferenceEvent.newBuilder().setEventId("e-x").setTenantId("acme").setRecipientId("u-1")
                .setAt(T2).setType(PreferenceEventType.ERASE).setActor("acme-main").build();

        assertThat(PreferenceMerge.apply(first, erase)).isNull();
    }
}
