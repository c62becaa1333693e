package io.herald.compose.control;

import io.herald.compose.cli.ClusterOptions.Connection;
import io.herald.contracts.ControlCommand;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topic;
import io.herald.schemas.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes one control command to the control topic, keyed by its target, and waits until Kafka has it. */
public final class ControlPublisher {
    private ControlPublisher() {
    }

    /** Publishes {@code command}; returns where it landed. Fails when Kafka or the registry does not answer in time. */
    public static RecordMetadata publish(Connection connection, ControlCommand command)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> registry = new HashMap<>();
        registry.put(RegistryConfig.URL, connection.registryUrl());
        connection.registryUserInfo().ifPresent(userInfo -> registry.put(RegistryConfig.USER_INFO, userInfo));
        registry.put(RegistryConfig.TIMEOUT_MS, Long.toString(connection.timeout().toMillis()));
        registry.put(RegistryConfig.MAX_RETRIES, "1");
        Topic<String, ControlCommand> control = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.from(registry))).control();
        Map<String, Object> kafka = new HashMap<>(connection.kafka());
        kafka.put(ProducerConfig.ACKS_CONFIG, "all");
        kafka.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int millis = (int) Math.min(Integer.MAX_VALUE, connection.timeout().toMillis());
        kafka.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        kafka.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        kafka.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis + 1);
        kafka.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, ControlCommand> producer = new KafkaProducer<>(kafka, control.keySerde().serializer(),
                control.valueSerde().serializer())) {
            return producer.send(new ProducerRecord<>(control.name(), command.getTarget(), command))
                    .get(connection.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        }
    }
}
