package io.herald.runtime.config;

/**
 * A configuration value that is missing or wrong. The message names the key and where the value came
 * from (the file, the environment variable, or a deprecated name), never a secret value.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The key in dotted form, e.g. {@code router.threads}. */
    public String key() {
        return key;
    }
}
