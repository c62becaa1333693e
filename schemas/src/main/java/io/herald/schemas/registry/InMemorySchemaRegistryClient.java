package io.herald.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry in memory, for unit tests and {@code TopologyTestDriver}: same ids semantics (global,
 * one id per distinct schema) and the same BACKWARD rule (a new version must read every older one).
 * Integration tests use the real registry instead.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versions = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idBySchema.get(schema.toString());
        if (existing != null && subjectVersions.contains(existing)) return existing;
        if (!compatibleWithAll(subjectVersions, schema)) {
            throw new RegistryException(subject, 409, RegistryException.INCOMPATIBLE,
                    "schema is not BACKWARD compatible with the latest version", null);
        }
        int id = existing != null ? existing : byId.size() + 1;
        byId.put(id, schema);
        idBySchema.put(schema.toString(), id);
        subjectVersions.add(id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = idBySchema.get(schema.toString());
        if (id == null || !versions.getOrDefault(subject, List.of()).contains(id)) {
            throw new RegistryException(subject, 404, RegistryException.SCHEMA_NOT_FOUND, "schema not registered", null);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new RegistryException("id:" + id, 404, RegistryException.SCHEMA_NOT_FOUND, "no schema with id " + id, null);
        }
        return schema;
    }

    @Override
    public synchronized SchemaVersion latest(String subject) {
        List<Integer> ids = versions.get(subject);
        if (ids == null || ids.isEmpty()) {
            throw new RegistryException(subject, 404, RegistryException.SUBJECT_NOT_FOUND, "subject not found", null);
        }
        int id = ids.get(ids.size() - 1);
        return new SchemaVersion(subject, id, ids.size(), byId.get(id));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return compatibleWithAll(versions.getOrDefault(subject, List.of()), schema);
    }

    private boolean compatibleWithAll(List<Integer> ids, Schema reader) {
        // BACKWARD as Confluent checks it: the new schema must read data written with the latest version.
        if (ids.isEmpty()) return true;
        Schema latest = byId.get(ids.get(ids.size() - 1));
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, latest).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
