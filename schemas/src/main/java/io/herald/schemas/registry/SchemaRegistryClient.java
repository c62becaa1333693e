package io.herald.schemas.registry;

import org.apache.avro.Schema;

/**
 * Herald's view of a Confluent-compatible schema registry (Confluent Schema Registry, Karapace,
 * Redpanda, Apicurio's {@code ccompat/v7} API). Implementations cache: ids and schemas never change
 * once assigned, so each is fetched at most once per client.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the id under which {@code schema} is already registered in {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** Returns the schema with the given global id. */
    Schema schemaById(int id);

    /** Returns the latest version registered under {@code subject}. */
    SchemaVersion latest(String subject);

    /** Asks the registry whether {@code schema} is compatible with the latest version of {@code subject}. */
    boolean isCompatible(String subject, Schema schema);

    @Override
    default void close() {
    }
}
