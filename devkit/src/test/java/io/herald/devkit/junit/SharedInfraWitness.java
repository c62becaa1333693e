package io.herald.devkit.junit;

import java.util.concurrent.atomic.AtomicReference;

import io.herald.devkit.kafka.KafkaCluster;

/**
 * Remembers the first broker any test class in this JVM received, so that every later class can
 * check it got the very same instance.
 */
final class SharedInfraWitness {

    private static final AtomicReference<KafkaCluster> FIRST_BROKER = new AtomicReference<>();

    private SharedInfraWitness() {
    }

    /** Records {@code kafka} if it is the first broker seen, and returns the first one seen. */
    static KafkaCluster firstBrokerSeen(KafkaCluster kafka) {
        FIRST_BROKER.compareAndSet(null, kafka);
        return FIRST_BROKER.get();
    }
}
