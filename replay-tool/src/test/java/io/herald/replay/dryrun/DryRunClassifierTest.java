package io.herald.replay.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OptOut;
import io.herald.contracts.RecipientPreference;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DryRunClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest(name = "expires {0}, sent={1}, suppressed={2} → {3}")
    @CsvSource({
            "2026-11-23T13:00:00Z, false, false, WOULD_SEND",
            "2026-11-23T11:00:00Z, false, false, WOULD_EXPIRE",
            "2026-11-23T12:00:00Z, false, false, WOULD_EXPIRE",
            "2026-11-23T11:00:00Z, true,  false, WOULD_SKIP_ALREADY_SENT",
            "2026-11-23T13:00:00Z, true,  true,  WOULD_SKIP_ALREADY_SENT",
            "2026-11-23T13:00:00Z, false, true,  WOULD_SUPPRESS",
            "2026-11-23T11:00:00Z, false, true,  WOULD_EXPIRE",
            ",                     false, false, WOULD_SEND",
    })
    void predictsTheRouterReplayIntakeInItsOrder(Instant expiresAt, boolean sent, boolean suppressed, DryRunAction action) {
        assertThat(DryRunClassifier.classify(NOW, expiresAt, sent, suppressed)).isEqualTo(action);
    }

    @Test
    void suppressesOnlyWhenEveryRequestedChannelIsOptedOutForTheCategory() {
        NotificationRequest otp = Samples.otp("acme", "k-1", NOW);
        assertThat(DryRunClassifier.suppressed(otp, optOuts(new OptOut(Channel.EMAIL, null)))).isFalse();
        assertThat(DryRunClassifier.suppressed(otp, optOuts(new OptOut(Channel.EMAIL, null), new OptOut(Channel.SMS, "otp"))))
                .isTrue();
        assertThat(DryRunClassifier.suppressed(otp, optOuts(new OptOut(Channel.EMAIL, null), new OptOut(Channel.SMS, "newsletter"))))
                .isFalse();
        assertThat(DryRunClassifier.suppressed(otp, null)).isFalse();
    }

    private static RecipientPreference optOuts(OptOut... optOuts) {
        return RecipientPreference.newBuilder().setTenantId("acme").setRecipientId("u-1").setOptOuts(List.of(optOuts))
                .setUpdatedAt(NOW).build();
    }
}
