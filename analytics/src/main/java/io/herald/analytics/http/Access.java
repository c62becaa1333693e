package io.herald.analytics.http;

import io.herald.runtime.auth.ApiKey;
import io.herald.runtime.auth.ApiKeys;
import java.util.Optional;

/**
 * Who may see what: a tenant key sees its own tenant's reports; an admin key sees every tenant and may run
 * SQL and exports. Pure decisions over an authenticated key, so they are table-tested.
 */
public final class Access {
    private Access() {
    }

    /** The outcome of asking for a report's tenant scope. */
    public sealed interface Scope permits Allowed, Denied {
    }

    /** @param tenant the tenant the report is restricted to, null for every tenant */
    public record Allowed(String tenant) implements Scope {
    }

    public record Denied(int status, String reason) implements Scope {
    }

    /** The caller's key, or empty when the header holds no known bearer key. */
    public static Optional<ApiKey> caller(ApiKeys keys, String authorization) {
        return keys.authenticate(ApiKeys.bearer(authorization));
    }

    /** The tenant scope of a report request by {@code key} asking for {@code requestedTenant} (may be null). */
    public static Scope reportScope(ApiKey key, String requestedTenant) {
        if (key.admin()) return new Allowed(requestedTenant);
        if (requestedTenant == null || requestedTenant.equals(key.tenantId())) return new Allowed(key.tenantId());
        return new Denied(403, "a key of tenant " + key.tenantId() + " cannot read tenant " + requestedTenant);
    }

    /** SQL, exports and the cross-tenant dashboard need an admin key. */
    public static Optional<String> adminRefusal(ApiKey key) {
        return key.admin() ? Optional.empty()
                : Optional.of("this needs an admin key (HERALD_ANALYTICS_ADMIN_KEYS); tenant keys may read reports");
    }
}
