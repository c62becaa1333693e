package io.herald.router.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's deserialized copy of the values it read or wrote lately, in front of its own store (issue 13): a
 * read of a remembered key parses nothing, and a write of the value the store already holds is skipped (no store
 * write, no changelog record). Values must be immutable (records whose {@code with…} methods build new ones).
 *
 * <p>The copy is right only while every write of the store goes through it, and only for the store's current
 * content: a processor makes a new mirror in {@code init()}, which Streams calls again whenever the task's stores
 * were rebuilt (a revived task after a dirty close under exactly-once rolls its stores back to the changelog), so
 * nothing remembered from an aborted transaction survives. Other processors may read the store directly. Bounded:
 * the least recently used key is forgotten first (it is then read from the store again).
 */
final class StoreMirror<V> {
    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    StoreMirror(KeyValueStore<String, V> store, int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        this.store = store;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The stored value, or null. */
    V get(String key) {
        V value = recent.get(key);
        if (value != null) return value;
        value = store.get(key);
        if (value != null) recent.put(key, value);
        return value;
    }

    /** Stores {@code value} unless the store already holds an equal one; returns whether it wrote. */
    boolean put(String key, V value) {
        Objects.requireNonNull(value, "value (use delete)");
        if (value.equals(recent.get(key))) return false;
        store.put(key, value);
        recent.put(key, value);
        return true;
    }

    void delete(String key) {
        recent.remove(key);
        store.delete(key);
    }

    /** The store itself, for reads the mirror does not serve (range scans, iteration). */
    KeyValueStore<String, V> store() {
        return store;
    }
}
