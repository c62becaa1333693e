package io.herald.schemas.registry;

import io.herald.runtime.config.Config;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import java.time.Duration;

/** How every service reaches the Confluent-compatible schema registry. */
public final class RegistryKeys {
    public static final Key<String> URL = Key.string("schema.registry.url").defaultValue("http://localhost:8081/apis/ccompat/v7")
            .legacy("HERALD_REGISTRY_URL", "SCHEMA_REGISTRY_URL")
            .doc("Base URL of the Confluent-compatible API (Confluent, Karapace, Redpanda, Apicurio `…/apis/ccompat/v7`).").build();
    public static final Key<String> USER_INFO = Key.string("schema.registry.basic.auth.user.info").secret()
            .legacy("HERALD_SCHEMA_REGISTRY_USER_INFO", "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "basic.auth.user.info")
            .doc("`user:password` for HTTP basic auth to the registry.").build();
    public static final Key<Integer> MAX_RETRIES = Key.integer("schema.registry.max-retries").defaultValue(3)
            .check(n -> n >= 0, "must be >= 0").doc("Retries after a 5xx or a connection error.").build();
    public static final Key<Duration> TIMEOUT = Key.duration("schema.registry.timeout").defaultValue(Duration.ofSeconds(10))
            .check(d -> !d.isNegative() && !d.isZero(), "must be positive").doc("Per-request timeout.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Schema registry", "", URL, USER_INFO, MAX_RETRIES, TIMEOUT)
            .owning("schema");

    private RegistryKeys() {
    }

    /** The registry settings of {@code config}. */
    public static RegistryConfig registryConfig(Config config) {
        RegistryConfig base = RegistryConfig.of(config.get(URL));
        return new RegistryConfig(base.url(), config.get(USER_INFO), config.get(MAX_RETRIES), config.get(TIMEOUT));
    }
}
