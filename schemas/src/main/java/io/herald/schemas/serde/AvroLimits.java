package io.herald.schemas.serde;

/**
 * Caps the lengths Avro's decoder will allocate for. Without caps, a corrupt length prefix in one
 * poisoned record ("this string is 2 GB long") makes the decoder allocate that much and kills the
 * consumer with an OutOfMemoryError instead of a {@link org.apache.kafka.common.errors.SerializationException}
 * that can be dead-lettered. Avro reads the limits once, from system properties, when its
 * {@code SystemLimitException} class initialises, so they are set here before any decoding; values an
 * operator already set win.
 */
final class AvroLimits {
    /** Larger than any Kafka record Herald accepts (1 MiB default), far below a heap's size. */
    static final String BYTES = Integer.toString(8 * 1024 * 1024);
    /** Our contracts never hold more than a few hundred items in one collection. */
    static final String ITEMS = Integer.toString(100_000);

    private AvroLimits() {
    }

    static void install() {
        setIfAbsent("org.apache.avro.limits.string.maxLength", BYTES);
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", BYTES);
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", ITEMS);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
