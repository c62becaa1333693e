package io.herald.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
