package io.herald.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    private final WebhookSigner signer = new WebhookSigner("0123456789abcdef-secret");
    private final Instant at = Instant.parse("2026-11-23T10:00:00Z");
    private final byte[] body = "{\"notificationId\":\"n-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureCarriesTheTimestampAndAnHmacOfTimestampAndBody() {
        String header = signer.sign(body, at);

        assertThat(header).matches("t=1795428000,v1=[0-9a-f]{64}");
        assertThat(signer.verify(header, body, at.plusSeconds(30), 300)).isTrue();
    }

    @Test
    void aChangedBodyAStaleTimestampOrAnotherSecretFailVerification() {
        String header = signer.sign(body, at);

        assertThat(signer.verify(header, "{}".getBytes(StandardCharsets.UTF_8), at, 300)).isFalse();
        assertThat(signer.verify(header, body, at.plusSeconds(301), 300)).isFalse();
        assertThat(new WebhookSigner("another-secret-of-16").verify(header, body, at, 300)).isFalse();
    }

    @Test
    void aShortSecretIsRejectedAtStartUp() {
        assertThatThrownBy(() -> new WebhookSigner("short")).hasMessageContaining("webhook.secret");
    }

    @Test
    void duringARolloverBothSecretsSignSoReceiversOnEitherVerify() {
        WebhookSigner rollingOver = new WebhookSigner(java.util.List.of("new-secret-0123456789", "old-secret-0123456789"));

        String header = rollingOver.sign(body, at);

        assertThat(header).matches("t=1795428000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        assertThat(new WebhookSigner("new-secret-0123456789").verify(header, body, at, 300)).isTrue();
        assertThat(new WebhookSigner("old-secret-0123456789").verify(header, body, at, 300)).isTrue();
        assertThat(new WebhookSigner("unrelated-secret-0123").verify(header, body, at, 300)).isFalse();
    }

    @Test
    void aMalformedTimestampFailsVerificationInsteadOfThrowing() {
        assertThat(signer.verify("t=soon,v1=00", body, at, 300)).isFalse();
    }
}
