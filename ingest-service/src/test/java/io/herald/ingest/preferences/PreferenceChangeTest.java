package io.herald.ingest.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.RecipientPreference;
import io.herald.ingest.problem.InvalidParam;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreferenceChangeTest {
    static final Caller ACTOR = new Caller("acme", "acme-main");
    static final Instant T1 = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-23T11:00:00Z");

    static PreferenceInput desired(Set<PreferenceInput.OptOut> optOuts, String source, String proof) {
        return new PreferenceInput(optOuts, new PreferenceInput.QuietHours(22 * 60, 7 * 60, null), "Europe/Paris", source, proof);
    }

    @Test
    void recordsAnOptOutAsAWithdrawnConsentWithEvidence() {
        RecipientPreference next = PreferenceChange.apply(null, "acme", "u-1",
                desired(Set.of(new PreferenceInput.OptOut(Channel.SMS, "newsletter")), "web-form", "form-42"), ACTOR, T1);

        assertThat(next.getOptOuts()).singleElement().satisfies(o -> {
            assertThat(o.getChannel()).isEqualTo(Channel.SMS);
            assertThat(o.getCategory()).isEqualTo("newsletter");
        });
        assertThat(next.getConsents()).containsExactly(ConsentRecord.newBuilder().setChannel(Channel.SMS)
                .setCategory("newsletter").setGranted(false).setAt(T1).setSource("web-form").setActor("acme-main")
                .setEvidence("form-42").build());
        assertThat(next.getQuietHours().getStartMinute()).isEqualTo(1320);
        assertThat(next.getTimezone()).isEqualTo("Europe/Paris");
        assertThat(next.getUpdatedAt()).isEqualTo(T1);
    }

    @Test
    void removingAnOptOutIsAGrantAppendedToTheTrail() {
        RecipientPreference first = PreferenceChange.apply(null, "acme", "u-1",
                desired(Set.of(new PreferenceInput.OptOut(Channel.EMAIL, null)), "api", null), ACTOR, T1);

        RecipientPreference second = PreferenceChange.apply(first, "acme", "u-1", desired(Set.of(), "email-unsubscribe", null),
                ACTOR, T2);

        assertThat(second.getOptOuts()).isEmpty();
        assertThat(second.getConsents()).extracting(ConsentRecord::getGranted).containsExactly(false, true);
        assertThat(second.getConsents().get(1).getAt()).isEqualTo(T2);
    }

    @Test
    void anUnchangedOptOutAddsNoConsentRecord() {
        Set<PreferenceInput.OptOut> same = Set.of(new PreferenceInput.OptOut(Channel.SMS, null));
        RecipientPreference first = PreferenceChange.apply(null, "acme", "u-1", desired(same, "api", null), ACTOR, T1);

        RecipientPreference second = PreferenceChange.apply(first, "acme", "u-1", desired(same, "api", null), ACTOR, T2);

        assertThat(second.getConsents()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(value = {
            "{\"consent\":{\"source\":\"api\"},\"admin\":true}|/admin",
            "{\"optOuts\":[]}|/consent",
            "{\"consent\":{\"source\":\"telepathy\"}}|/consent/source",
            "{\"consent\":{\"source\":\"api\"},\"optOuts\":[{\"channel\":\"fax\"}]}|/optOuts/0/channel",
            "{\"consent\":{\"source\":\"api\"},\"optOuts\":[{\"channel\":\"sms\"},{\"channel\":\"sms\"}]}|/optOuts/1",
            "{\"consent\":{\"source\":\"api\"},\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}|/quietHours/start",
            "{\"consent\":{\"source\":\"api\"},\"quietHours\":{\"start\":\"07:00\",\"end\":\"07:00\"}}|/quietHours/end",
            "{\"consent\":{\"source\":\"api\"},\"timezone\":\"Nowhere/Land\"}|/timezone",
            "{\"consent\":{\"source\":\"api\",\"proof\":\"a\\r\\nb\"}}|/consent/proof"}, delimiter = '|')
    void rejectsInvalidPreferenceBodiesNamingTheField(String body, String pointer) {
        var result = PreferenceValidator.validate(body.getBytes(StandardCharsets.UTF_8));

        assertThat(((Validation.Invalid<PreferenceInput>) result).problem().errors())
                .extracting(InvalidParam::pointer).contains(pointer);
    }

    @Test
    void bindsAValidPreferenceBody() {
        String body = "{\"optOuts\":[{\"channel\":\"sms\",\"category\":\"newsletter\"},{\"channel\":\"email\"}],"
                + "\"quietHours\":{\"start\":\"22:30\",\"end\":\"07:00\",\"timezone\":\"Europe/Paris\"},"
                + "\"timezone\":\"Europe/Paris\",\"consent\":{\"source\":\"web-form\",\"proof\":\"form-1\"}}";

        PreferenceInput in = ((Validation.Valid<PreferenceInput>) PreferenceValidator.validate(
                body.getBytes(StandardCharsets.UTF_8))).value();

        assertThat(in.optOuts()).containsExactlyInAnyOrder(new PreferenceInput.OptOut(Channel.SMS, "newsletter"),
                new PreferenceInput.OptOut(Channel.EMAIL, null));
        assertThat(in.quietHours()).isEqualTo(new PreferenceInput.QuietHours(22 * 60 + 30, 7 * 60, "Europe/Paris"));
        assertThat(in.source()).isEqualTo("web-form");
        assertThat(in.proof()).isEqualTo("form-1");
    }
}
