package io.herald.runtime.config;

/**
 * The Kafka cluster every service talks to. Only the bootstrap servers are declared; every other
 * {@code kafka.*} key passes through to the clients untouched ({@link Config#kafka()}).
 */
public final class KafkaKeys {
    public static final Key<String> BOOTSTRAP_SERVERS = Key.string("kafka.bootstrap.servers").defaultValue("localhost:9092")
            .legacy("KAFKA_BOOTSTRAP_SERVERS", "HERALD_BOOTSTRAP_SERVERS")
            .doc("Kafka brokers to bootstrap from. Any other `kafka.*` key (`kafka.security.protocol`, `kafka.sasl.mechanism`, "
                    + "`kafka.sasl.jaas.config`, `kafka.ssl.truststore.location`, …) is passed untouched to every Kafka client.")
            .build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Kafka",
            "Every `kafka.*` key is handed, without the prefix, to every producer, consumer, admin client and Kafka Streams "
                    + "instance of every service.",
            BOOTSTRAP_SERVERS);

    private KafkaKeys() {
    }
}
