package io.herald.ingest.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeysTest {
    final ApiKeys keys = new ApiKeys(List.of(
            ApiKey.parse("acme:acme-main:" + ApiKeys.hashOf("secret-acme")),
            ApiKey.parse("globex:globex-1:" + ApiKeys.hashOf("secret-globex"))));

    @Test
    void findsTheTenantOfAKnownKey() {
        assertThat(keys.authenticate("secret-globex")).contains(new Caller("globex", "globex-1"));
        assertThat(keys.authenticate("secret-acme")).contains(new Caller("acme", "acme-main"));
    }

    @Test
    void refusesUnknownEmptyAndPrefixKeys() {
        assertThat(keys.authenticate("secret-acm")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate(ApiKeys.hashOf("secret-acme"))).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource(value = {"Bearer abc|abc", "bearer abc|abc", "BEARER  abc |abc", "Basic abc|null", "Bearer|null", "null|null"},
            delimiter = '|', nullValues = "null")
    void parsesOnlyBearerAuthorization(String header, String expected) {
        assertThat(ApiKeys.bearer(header)).isEqualTo(expected);
    }

    @Test
    void neverPrintsTheHashAndRejectsBadEntries() {
        ApiKey key = ApiKey.parse("acme:k1:" + ApiKeys.hashOf("s"));

        assertThat(key.toString()).doesNotContain(ApiKeys.hashOf("s"));
        assertThatThrownBy(() -> ApiKey.parse("acme:k1")).hasMessageContaining("tenant:keyId:sha256hex");
        assertThatThrownBy(() -> ApiKey.parse("a/b:k1:" + ApiKeys.hashOf("s"))).hasMessageContaining("tenant id");
        assertThatThrownBy(() -> ApiKey.parse("acme:k1:zz")).hasMessageContaining("hex");
    }
}
