package io.herald.schemas.serde;

import io.herald.schemas.registry.RegistryConfig;
import java.util.Map;

/** Configuration keys of Herald's Avro serde, named like Confluent's where one exists. */
public final class SerdeConfig {
    /** Register the writer schema on first use (default true); false looks the id up instead. */
    public static final String AUTO_REGISTER = "auto.register.schemas";
    /** Specific record class to read values into, when the deserializer is created by Kafka from config. */
    public static final String VALUE_TYPE = "herald.avro.value.type";
    /** Specific record class to read keys into, when the deserializer is created by Kafka from config. */
    public static final String KEY_TYPE = "herald.avro.key.type";

    private SerdeConfig() {
    }

    static boolean autoRegister(Map<String, ?> configs) {
        Object v = configs.get(AUTO_REGISTER);
        return v == null || Boolean.parseBoolean(v.toString());
    }

    static RegistryConfig registry(Map<String, ?> configs) {
        return RegistryConfig.from(configs);
    }
}
