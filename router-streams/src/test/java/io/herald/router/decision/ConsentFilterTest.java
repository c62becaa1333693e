package io.herald.router.decision;

import static io.herald.contracts.Channel.EMAIL;
import static io.herald.contracts.Channel.SMS;
import static io.herald.contracts.Channel.WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.RecipientPreference;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentFilterTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("no preference keeps everything", null, List.of(EMAIL, SMS), List.of(EMAIL, SMS)),
                Arguments.of("opt-out of email for every category", pref(List.of(out(EMAIL, null)), List.of()),
                        List.of(EMAIL, SMS), List.of(SMS)),
                Arguments.of("opt-out of email newsletters only keeps otp email", pref(List.of(out(EMAIL, "newsletter")), List.of()),
                        List.of(EMAIL, SMS), List.of(EMAIL, SMS)),
                Arguments.of("opt-out of everything requested", pref(List.of(out(EMAIL, null), out(SMS, "otp")), List.of()),
                        List.of(EMAIL, SMS), List.of()),
                Arguments.of("withdrawn consent counts as opt-out", pref(List.of(), List.of(consent(SMS, null, false, 1))),
                        List.of(SMS, WEBHOOK), List.of(WEBHOOK)),
                Arguments.of("latest consent record wins", pref(List.of(),
                                List.of(consent(SMS, "otp", false, 1), consent(SMS, "otp", true, 2))),
                        List.of(SMS), List.of(SMS)),
                Arguments.of("consent for another category does not apply", pref(List.of(),
                                List.of(consent(EMAIL, "newsletter", false, 1))),
                        List.of(EMAIL), List.of(EMAIL)),
                Arguments.of("duplicates in the request collapse", null, List.of(EMAIL, EMAIL, SMS), List.of(EMAIL, SMS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void keepsOnlyConsentedChannelsInRequestOrder(String name, RecipientPreference preference, List<Channel> requested,
                                                   List<Channel> expected) {
        assertThat(ConsentFilter.allowed(requested, "otp", preference)).containsExactlyElementsOf(expected);
    }

    static RecipientPreference pref(List<OptOut> optOuts, List<ConsentRecord> consents) {
        return RecipientPreference.newBuilder().setTenantId("acme").setRecipientId("u-1").setOptOuts(optOuts)
                .setConsents(consents).setUpdatedAt(T).build();
    }

    static OptOut out(Channel channel, String category) {
        return OptOut.newBuilder().setChannel(channel).setCategory(category).build();
    }

    static ConsentRecord consent(Channel channel, String category, boolean granted, int day) {
        return ConsentRecord.newBuilder().setChannel(channel).setCategory(category).setGranted(granted)
                .setAt(T.plusSeconds(86_400L * day)).setSource("api").build();
    }
}
