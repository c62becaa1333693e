package io.herald.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeysTest {
    private final ApiKeys keys = ApiKeys.parse("HERALD_INGEST_API_KEYS",
            "acme:k1:" + ApiKeys.hashOf("acme-secret") + ", globex:k2:" + ApiKeys.hashOf("globex-secret"),
            "HERALD_ANALYTICS_ADMIN_KEYS", "ops:" + ApiKeys.hashOf("admin-secret"));

    @Test
    void aTenantKeyAuthenticatesAsItsTenant() {
        assertThat(keys.authenticate("globex-secret")).hasValueSatisfying(k -> {
            assertThat(k.tenantId()).isEqualTo("globex");
            assertThat(k.admin()).isFalse();
        });
    }

    @Test
    void anAdminKeyAuthenticatesWithoutATenant() {
        assertThat(keys.authenticate("admin-secret")).hasValueSatisfying(k -> {
            assertThat(k.admin()).isTrue();
            assertThat(k.keyId()).isEqualTo("ops");
        });
    }

    @Test
    void anUnknownOrEmptyKeyAuthenticatesNobody() {
        assertThat(keys.authenticate("nope")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void aMalformedEntryFailsNamingItsConfigKey() {
        assertThatThrownBy(() -> ApiKeys.parse("HERALD_INGEST_API_KEYS", "acme:k1", "X", ""))
                .hasMessageContaining("HERALD_INGEST_API_KEYS");
        assertThatThrownBy(() -> ApiKeys.parse("A", "", "HERALD_ANALYTICS_ADMIN_KEYS", "ops:zz"))
                .hasMessageContaining("HERALD_ANALYTICS_ADMIN_KEYS").hasMessageContaining("not hex");
    }

    @Test
    void bearerReadsOnlyTheBearerScheme() {
        assertThat(ApiKeys.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(ApiKeys.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(ApiKeys.bearer("Basic abc")).isNull();
        assertThat(ApiKeys.bearer(null)).isNull();
    }

    @Test
    void aPrefixOfAKeyOrItsHashAuthenticatesNobody() {
        assertThat(keys.authenticate("acme-secre")).isEmpty();
        assertThat(keys.authenticate(ApiKeys.hashOf("acme-secret"))).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource(value = {"Bearer abc|abc", "bearer abc|abc", "BEARER  abc |abc", "Basic abc|null", "Bearer|null", "null|null"},
            delimiter = '|', nullValues = "null")
    void parsesOnlyBearerAuthorization(String header, String expected) {
        assertThat(ApiKeys.bearer(header)).isEqualTo(expected);
    }

    @Test
    void aKeyNeverPrintsItsHashAndBadEntriesAreRefused() {
        ApiKey key = ApiKey.parseTenantKey("acme:k1:" + ApiKeys.hashOf("s"));

        assertThat(key.toString()).doesNotContain(ApiKeys.hashOf("s"));
        assertThatThrownBy(() -> ApiKey.parseTenantKey("acme:k1")).hasMessageContaining("tenant:keyId:sha256hex");
        assertThatThrownBy(() -> ApiKey.parseTenantKey("a/b:k1:" + ApiKeys.hashOf("s"))).hasMessageContaining("tenant id");
        assertThatThrownBy(() -> ApiKey.parseTenantKey("acme:k1:zz")).hasMessageContaining("hex");
    }
}
