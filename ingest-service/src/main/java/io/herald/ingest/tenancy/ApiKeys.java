package io.herald.ingest.tenancy;

import io.herald.ingest.validation.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates bearer keys against the configured hashes. The presented key is hashed and compared
 * with every stored hash using {@link MessageDigest#isEqual} without stopping at a match, so timing
 * reveals neither a prefix nor which key matched.
 */
public final class ApiKeys {
    private final List<ApiKey> keys;

    public ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The caller owning {@code presented}, if any. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) return Optional.empty();
        byte[] hash = digest(presented);
        ApiKey match = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(key.sha256(), hash) & match == null) match = key;
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.tenantId(), match.keyId()));
    }

    /** Parses an {@code Authorization} header value: {@code Bearer <key>}; null when absent or another scheme. */
    public static String bearer(String authorization) {
        if (authorization == null) return null;
        String prefix = "bearer ";
        if (authorization.length() <= prefix.length()
                || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return authorization.substring(prefix.length()).trim();
    }

    /** Hex SHA-256 of a key, as configured ({@code tenant:keyId:<this>}). */
    public static String hashOf(String key) {
        return Fingerprint.sha256(key);
    }

    public int size() {
        return keys.size();
    }

    private static byte[] digest(String presented) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
