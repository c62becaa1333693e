package io.herald.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates bearer keys against configured hashes, for every service that accepts the ingest API
 * keys ({@code HERALD_INGEST_API_KEYS}, {@code tenant:keyId:sha256hex}). The presented key is hashed and
 * compared with every stored hash using {@link MessageDigest#isEqual} without stopping at a match, so
 * timing reveals neither a prefix nor which key matched.
 */
public final class ApiKeys {
    private final List<ApiKey> keys;

    public ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Tenant keys from {@code tenantKeys} (comma-separated {@code tenant:keyId:sha256hex}) and admin keys from
     * {@code adminKeys} (comma-separated {@code keyId:sha256hex}); a bad entry fails naming its config key.
     */
    public static ApiKeys parse(String tenantKeysName, String tenantKeys, String adminKeysName, String adminKeys) {
        List<ApiKey> keys = new ArrayList<>();
        for (String entry : split(tenantKeys)) {
            try {
                keys.add(ApiKey.parseTenantKey(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(tenantKeysName + ": " + e.getMessage(), e);
            }
        }
        for (String entry : split(adminKeys)) {
            try {
                keys.add(ApiKey.parseAdminKey(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(adminKeysName + ": " + e.getMessage(), e);
            }
        }
        return new ApiKeys(keys);
    }

    /** The key matching {@code presented}, if any. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) return Optional.empty();
        byte[] hash = digest(presented);
        ApiKey match = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(key.sha256(), hash) & match == null) match = key;
        }
        return Optional.ofNullable(match);
    }

    /** Parses an {@code Authorization} header value: {@code Bearer <key>}; null when absent or another scheme. */
    public static String bearer(String authorization) {
        if (authorization == null) return null;
        String prefix = "bearer ";
        if (authorization.length() <= prefix.length()
                || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return authorization.substring(prefix.length()).trim();
    }

    /** Hex SHA-256 of a key, as configured: {@code printf %s "$KEY" | sha256sum}. */
    public static String hashOf(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    public int size() {
        return keys.size();
    }

    /** Tenants that have at least one key (for a masked config log line). */
    public List<String> tenants() {
        return keys.stream().map(k -> k.admin() ? "*" : k.tenantId()).distinct().toList();
    }

    private static List<String> split(String value) {
        if (value == null) return List.of();
        return List.of(value.split(",")).stream().filter(s -> !s.isBlank()).toList();
    }

    private static byte[] digest(String presented) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
