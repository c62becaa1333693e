package io.herald.schemas.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its key and value, so producers, consumers and topologies cannot pair
 * a name with the wrong types.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde of " + name);
        Objects.requireNonNull(valueSerde, "valueSerde of " + name);
    }
}
