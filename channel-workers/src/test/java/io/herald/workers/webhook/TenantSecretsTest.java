package io.herald.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantSecretsTest {
    private static final String MASTER = "master-secret-0123456789";
    private final Instant at = Instant.parse("2026-11-30T10:00:00Z");
    private final byte[] body = "{\"tenantId\":\"acme\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachTenantHasItsOwnDerivedSecretSoOneTenantCannotSignForAnother() {
        TenantSecrets secrets = new TenantSecrets(MASTER, null, Map.of());
        String acme = secrets.forTenant("acme").get(0);
        String globex = secrets.forTenant("globex").get(0);

        assertThat(acme).isNotEqualTo(globex).isNotEqualTo(MASTER).matches("[0-9a-f]{64}");
        String signedWithAcmesSecret = new WebhookSigner(acme).sign(body, at);
        assertThat(new WebhookSigner(globex).verify(signedWithAcmesSecret, body, at, 300)).isFalse();
        assertThat(new WebhookSigner(acme).verify(signedWithAcmesSecret, body, at, 300)).isTrue();
    }

    @Test
    void theDerivationIsStableSoOperatorsCanHandTheSecretOver() {
        assertThat(TenantSecrets.derive(MASTER, "acme")).isEqualTo(TenantSecrets.derive(MASTER, "acme"))
                .isNotEqualTo(TenantSecrets.derive("another-master-0123456", "acme"));
    }

    @Test
    void aPreviousMasterAddsTheTenantsPreviousDerivedSecretAfterTheCurrentOne() {
        TenantSecrets secrets = new TenantSecrets(MASTER, "old-master-secret-0123", Map.of());

        assertThat(secrets.forTenant("acme")).containsExactly(TenantSecrets.derive(MASTER, "acme"),
                TenantSecrets.derive("old-master-secret-0123", "acme"));
    }

    @Test
    void anExplicitTenantSecretReplacesTheDerivedOne() {
        TenantSecrets secrets = new TenantSecrets(MASTER, null, TenantSecrets.parse("acme=acme-own-secret-0123|acme-old-secret-0123"));

        assertThat(secrets.forTenant("acme")).containsExactly("acme-own-secret-0123", "acme-old-secret-0123");
        assertThat(secrets.forTenant("globex")).containsExactly(TenantSecrets.derive(MASTER, "globex"));
    }

    @Test
    void badTenantSecretListsAreRefusedNamingTheTenantButNeverTheSecret() {
        assertThatThrownBy(() -> TenantSecrets.parse("acme=short")).hasMessageContaining("acme").hasMessageNotContaining("short");
        assertThatThrownBy(() -> TenantSecrets.parse("acme")).hasMessageContaining("tenant=secret");
        assertThatThrownBy(() -> TenantSecrets.parse("acme=acme-own-secret-0123,acme=acme-own-secret-4567"))
                .hasMessageContaining("acme is listed twice");
        assertThatThrownBy(() -> TenantSecrets.parse("acme=a-secret-of-16-chars|b-secret-of-16-chars|c-secret-of-16-chars"))
                .hasMessageContaining("at most");
        assertThat(TenantSecrets.parse("")).isEmpty();
    }

    @Test
    void itsDescriptionShowsTenantsButNoSecret() {
        TenantSecrets secrets = new TenantSecrets(MASTER, null, TenantSecrets.parse("acme=acme-own-secret-0123"));

        assertThat(secrets.toString()).contains("acme").doesNotContain(MASTER).doesNotContain("acme-own-secret-0123");
        assertThat(List.of(secrets.toString())).noneMatch(s -> s.contains("0123456789"));
    }
}
