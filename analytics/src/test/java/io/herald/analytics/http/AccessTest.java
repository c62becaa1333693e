package io.herald.analytics.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.runtime.auth.ApiKey;
import io.herald.runtime.auth.ApiKeys;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final ApiKey ACME = ApiKey.parseTenantKey("acme:k1:" + ApiKeys.hashOf("a"));
    private static final ApiKey ADMIN = ApiKey.parseAdminKey("ops:" + ApiKeys.hashOf("b"));

    @Test
    void aTenantKeyIsScopedToItsTenantWhetherOrNotItAsks() {
        assertThat(Access.reportScope(ACME, null)).isEqualTo(new Access.Allowed("acme"));
        assertThat(Access.reportScope(ACME, "acme")).isEqualTo(new Access.Allowed("acme"));
    }

    @Test
    void aTenantKeyCannotReadAnotherTenant() {
        assertThat(Access.reportScope(ACME, "globex")).isInstanceOfSatisfying(Access.Denied.class,
                d -> assertThat(d.status()).isEqualTo(403));
    }

    @Test
    void anAdminKeyReadsEveryTenantOrTheOneItAsksFor() {
        assertThat(Access.reportScope(ADMIN, null)).isEqualTo(new Access.Allowed(null));
        assertThat(Access.reportScope(ADMIN, "globex")).isEqualTo(new Access.Allowed("globex"));
    }

    @Test
    void onlyAdminKeysMayRunSql() {
        assertThat(Access.adminRefusal(ADMIN)).isEmpty();
        assertThat(Access.adminRefusal(ACME)).hasValueSatisfying(r -> assertThat(r).contains("admin key"));
    }
}
