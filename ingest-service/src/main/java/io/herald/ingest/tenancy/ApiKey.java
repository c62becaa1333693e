package io.herald.ingest.tenancy;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured API key: tenant, public key id and the SHA-256 of the secret. The secret itself is
 * never stored, so a leaked config does not leak keys.
 */
public record ApiKey(String tenantId, String keyId, byte[] sha256) {
    /** Tenant ids go into Kafka keys ({@code tenant/idempotencyKey}), so they may not contain a slash. */
    public static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public ApiKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(keyId, "keyId");
        if (!TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("tenant id must match " + TENANT + ", was '" + tenantId + "'");
        }
        if (sha256 == null || sha256.length != 32) throw new IllegalArgumentException("key " + keyId + " needs a SHA-256 hash");
        sha256 = sha256.clone();
    }

    /**
     * Parses {@code tenant:keyId:sha256hex}, the format of {@code HERALD_INGEST_API_KEYS} entries.
     * The hash is {@code sha256(secret)} in hex: {@code printf %s "$KEY" | sha256sum}.
     */
    public static ApiKey parse(String entry) {
        String[] parts = entry.trim().split(":");
        if (parts.length != 3) throw new IllegalArgumentException("API key entry must be tenant:keyId:sha256hex");
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(parts[2].trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("API key " + parts[1] + ": hash is not hex", e);
        }
        return new ApiKey(parts[0].trim(), parts[1].trim(), hash);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public String toString() {
        return "ApiKey[tenant=" + tenantId + ", keyId=" + keyId + ", sha256=****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.tenantId.equals(tenantId) && k.keyId.equals(keyId)
                && java.util.Arrays.equals(k.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, keyId);
    }
}
