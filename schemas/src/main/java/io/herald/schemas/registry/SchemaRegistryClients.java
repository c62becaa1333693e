package io.herald.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one client per registry URL inside a JVM, so every serde of an application uses one cache
 * (Kafka instantiates serializers per client; without sharing, each would fetch every schema again).
 * {@code mock://name} URLs give an {@link InMemorySchemaRegistryClient} per name, for unit tests.
 */
public final class SchemaRegistryClients {
    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    /** The shared client for this config's URL and credentials. */
    public static SchemaRegistryClient forConfig(RegistryConfig config) {
        String key = config.url() + "|" + config.userInfo();
        return CLIENTS.computeIfAbsent(key, k -> config.isMock()
                ? new InMemorySchemaRegistryClient()
                : new HttpSchemaRegistryClient(config));
    }

    /** Forgets the in-memory registry of a {@code mock://} scope (between unit tests). */
    public static void dropMock(String url) {
        CLIENTS.keySet().removeIf(k -> k.startsWith(url + "|"));
    }
}
