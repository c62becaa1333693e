package io.herald.runtime.auth;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured API key: the tenant it acts for (or none, for an admin key), its public id and the
 * SHA-256 of the secret. The secret itself is never stored, so a leaked config does not leak keys.
 *
 * @param tenantId the tenant, or {@code null} for an admin key that sees every tenant
 */
public record ApiKey(String tenantId, String keyId, byte[] sha256) {
    /** Tenant ids go into Kafka keys ({@code tenant/idempotencyKey}), so they may not contain a slash. */
    public static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public ApiKey {
        Objects.requireNonNull(keyId, "keyId");
        if (tenantId != null && !TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("tenant id must match " + TENANT + ", was '" + tenantId + "'");
        }
        if (sha256 == null || sha256.length != 32) throw new IllegalArgumentException("key " + keyId + " needs a SHA-256 hash");
        sha256 = sha256.clone();
    }

    /** True for a key that is not bound to one tenant. */
    public boolean admin() {
        return tenantId == null;
    }

    /** Parses {@code tenant:keyId:sha256hex}, the format of {@code HERALD_INGEST_API_KEYS} entries. */
    public static ApiKey parseTenantKey(String entry) {
        String[] parts = entry.trim().split(":");
        if (parts.length != 3) throw new IllegalArgumentException("API key entry must be tenant:keyId:sha256hex");
        return new ApiKey(parts[0].trim(), parts[1].trim(), hash(parts[1], parts[2]));
    }

    /** Parses {@code keyId:sha256hex}, an admin key (no tenant). */
    public static ApiKey parseAdminKey(String entry) {
        String[] parts = entry.trim().split(":");
        if (parts.length != 2) throw new IllegalArgumentException("admin key entry must be keyId:sha256hex");
        return new ApiKey(null, parts[0].trim(), hash(parts[0], parts[1]));
    }

    private static byte[] hash(String keyId, String hex) {
        try {
            return HexFormat.of().parseHex(hex.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("API key " + keyId.trim() + ": hash is not hex", e);
        }
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public String toString() {
        return "ApiKey[tenant=" + (tenantId == null ? "*" : tenantId) + ", keyId=" + keyId + ", sha256=****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && Objects.equals(k.tenantId, tenantId) && k.keyId.equals(keyId)
                && Arrays.equals(k.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, keyId);
    }
}
