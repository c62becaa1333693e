package io.herald.devkit.registry;

/**
 * A running schema registry that speaks the Confluent Schema Registry REST API, whoever runs it
 * (the devkit's {@link ApicurioRegistry}, Confluent, Karapace, Redpanda).
 *
 * <p>Herald's registry client is configured with {@link #confluentApiUrl()}; the two differ because
 * Apicurio serves the Confluent API below a path while Confluent's own registry serves it at the root.
 */
public interface SchemaRegistryEndpoint {

    /** The registry's base URL, e.g. {@code http://127.0.0.1:41234}. */
    String url();

    /** The base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    String confluentApiUrl();
}
