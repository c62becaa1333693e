package io.herald.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a schema registry. Keys follow Confluent's client names so the same properties
 * work for Herald and for Confluent-speaking tools.
 *
 * @param url          base URL of the Confluent-compatible API ({@code schema.registry.url}), e.g.
 *                     {@code http://127.0.0.1:8081/apis/ccompat/v7}
 * @param userInfo     {@code user:password} for HTTP basic auth, or null ({@code basic.auth.user.info})
 * @param maxRetries   retries after a 5xx or connection error ({@code herald.registry.max.retries}, default 3)
 * @param timeout      per-request timeout ({@code herald.registry.timeout.ms}, default 10 s)
 */
public record RegistryConfig(URI url, String userInfo, int maxRetries, Duration timeout) {
    public static final String URL = "schema.registry.url";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String MAX_RETRIES = "herald.registry.max.retries";
    public static final String TIMEOUT_MS = "herald.registry.timeout.ms";
    /** Prefix marking an in-memory registry for unit tests: {@code mock://scope}. */
    public static final String MOCK_SCHEME = "mock";

    public RegistryConfig {
        Objects.requireNonNull(url, URL);
        if (maxRetries < 0) throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, was " + maxRetries);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT_MS + " must be positive, was " + timeout);
        }
    }

    /** A config for {@code url} with defaults for everything else. */
    public static RegistryConfig of(String url) {
        return new RegistryConfig(parseUrl(url), null, 3, Duration.ofSeconds(10));
    }

    /** Reads the config from Kafka-style properties; fails naming the key that is missing or wrong. */
    public static RegistryConfig from(Map<String, ?> configs) {
        Object url = configs.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("missing required config " + URL);
        }
        Object userInfo = configs.get(USER_INFO);
        int retries = intValue(configs, MAX_RETRIES, 3);
        int timeoutMs = intValue(configs, TIMEOUT_MS, 10_000);
        return new RegistryConfig(parseUrl(url.toString()), userInfo == null || userInfo.toString().isBlank()
                ? null : userInfo.toString(), retries, Duration.ofMillis(timeoutMs));
    }

    /** True for {@code mock://} URLs, served by {@link InMemorySchemaRegistryClient}. */
    public boolean isMock() {
        return MOCK_SCHEME.equals(url.getScheme());
    }

    @Override
    public String toString() {
        // Never print the password.
        return "RegistryConfig[url=" + url + ", userInfo=" + (userInfo == null ? "none" : "****")
                + ", maxRetries=" + maxRetries + ", timeout=" + timeout + "]";
    }

    private static URI parseUrl(String url) {
        String first = url.split(",")[0].trim();
        String trimmed = first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null) throw new IllegalArgumentException("no scheme");
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + " is not a URL: '" + url + "' (" + e.getMessage() + ")", e);
        }
    }

    private static int intValue(Map<String, ?> configs, String key, int fallback) {
        Object v = configs.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
        }
    }
}
