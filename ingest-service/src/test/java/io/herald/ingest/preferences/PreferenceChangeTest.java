package io.herald.ingest.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.PreferenceEventType;
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
    void aChangeCarriesTheDesiredStateAndItsEvidenceNotATrail() {
        PreferenceEvent event = PreferenceChange.set("acme", "u-1",
                desired(Set.of(new PreferenceInput.OptOut(Channel.SMS, "newsletter")), "web-form", "form-42"), ACTOR, T1,
                "e-1", "ingest-a");

        assertThat(event.getType()).isEqualTo(PreferenceEventType.SET);
        assertThat(event.getOptOuts()).singleElement().satisfies(o -> {
            assertThat(o.getChannel()).isEqualTo(Channel.SMS);
            assertThat(o.getCategory()).isEqualTo("newsletter");
        });
        assertThat(event.getQuietHours().getStartMinute()).isEqualTo(1320);
        assertThat(event.getTimezone()).isEqualTo("Europe/Paris");
        assertThat(event.getSource()).isEqualTo("web-form");
        assertThat(event.getActor()).isEqualTo("acme-main");
        assertThat(event.getEvidence()).isEqualTo("form-42");
        assertThat(event.getAt()).isEqualTo(T1);
        assertThat(event.getInstanceId()).isEqualTo("ingest-a");
    }

    @Test
    void anErasureCarriesOnlyWhoAskedAndWhen() {
        PreferenceEvent event = PreferenceChange.erase("acme", "u-1", ACTOR, T2, "e-2", "ingest-b");

        assertThat(event.getType()).isEqualTo(PreferenceEventType.ERASE);
        assertThat(event.getRecipientId()).isEqualTo("u-1");
        assertThat(event.getActor()).isEqualTo("acme-main");
        assertThat(event.getOptOuts()).isEmpty();
        assertThat(event.getSource()).isNull();
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
