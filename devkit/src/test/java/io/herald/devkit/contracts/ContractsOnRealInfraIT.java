package io.herald.devkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TopicNames;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.HttpSchemaRegistryClient;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryException;
import io.herald.schemas.serde.AvroDeserializer;
import io.herald.schemas.serde.AvroSerde;
import io.herald.schemas.serde.AvroSerializer;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The foundation end to end: every contract through Herald's serde, the embedded KRaft broker and the
 * real Apicurio registry (Confluent API), with the bytes on the wire checked; the registry refusing an
 * incompatible change; idempotent topic provisioning; malformed payloads failing clearly.
 */
@WithKafka
@WithRegistry
class ContractsOnRealInfraIT {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");

    static Stream<SpecificRecord> everyContract() {
        NotificationRequest otp = Samples.otp("acme", "k-1", NOW);
        return Stream.of(otp, Samples.dispatch(otp, Channel.EMAIL, "smtp-primary"),
                Samples.deferred(otp.getNotificationId(), "acme", NOW), Samples.parked(otp, NOW),
                Samples.down("smtp-primary", NOW), Samples.preference("acme", "u-1", NOW), Samples.pauseBulkEmail(NOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyContract")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyContractRoundTripsThroughTheBrokerInTheConfluentWireFormat(SpecificRecord record, KafkaCluster kafka,
                                                                        SchemaRegistryEndpoint registry) {
        String topic = TopicNames.unique("contract-" + record.getSchema().getName());
        kafka.createTopic(topic, 1);
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
        AvroSerde serde = new AvroSerde(client, record.getClass(), false, true);

        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(kafka),
                new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, "key-1", record));
            producer.flush();
        }
        List<ConsumerRecord<String, byte[]>> raw = consumeAll(kafka, topic, new ByteArrayDeserializer(), 1);
        byte[] bytes = raw.get(0).value();
        int registeredId = client.latest(topic + "-value").id();

        assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("schema id").isEqualTo(registeredId);
        // A fresh client (no cache) proves the reader fetches the writer's schema from the registry by id.
        HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
        Object read = new AvroDeserializer(fresh, record.getClass()).deserialize(topic, bytes);
        assertThat(read).isEqualTo(record);
    }

    @Test
    void theRegistryRefusesAnIncompatibleChangeAndTheSerializerSaysSo(SchemaRegistryEndpoint registry) {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
        String topic = TopicNames.unique("evolving");
        String subject = topic + "-value";
        Schema v1 = SchemaBuilder.record("Thing").namespace("io.herald.test").fields()
                .requiredString("id").endRecord();
        // A new required field without a default cannot read v1 data: BACKWARD must refuse it.
        Schema breaking = SchemaBuilder.record("Thing").namespace("io.herald.test").fields()
                .requiredString("id").requiredLong("count").endRecord();
        Schema compatible = SchemaBuilder.record("Thing").namespace("io.herald.test").fields()
                .requiredString("id").optionalLong("count").endRecord();
        client.register(subject, v1);

        assertThat(client.isCompatible(subject, breaking)).isFalse();
        assertThatThrownBy(() -> client.register(subject, breaking))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.errorCode()).isEqualTo(409);
                });
        assertThat(client.isCompatible(subject, compatible)).isTrue();
        assertThat(client.register(subject, compatible)).isNotEqualTo(client.latest(subject).id() - 1);
        assertThat(client.latest(subject).version()).isEqualTo(2);
    }

    @Test
    void anOlderProducerStaysReadableAfterTheContractEvolved(SchemaRegistryEndpoint registry) {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
        String topic = TopicNames.unique("requests");
        // The first version of the request, as a producer compiled long ago registers it.
        Schema current = NotificationRequest.getClassSchema();
        List<Schema.Field> required = new ArrayList<>();
        current.getFields().stream().filter(f -> !f.hasDefaultValue()).forEach(f -> required.add(new Schema.Field(f, f.schema())));
        Schema older = Schema.createRecord(current.getName(), null, current.getNamespace(), false, required);
        int olderId = client.register(topic + "-value", older);
        int currentId = client.register(topic + "-value", current);

        assertThat(currentId).isNotEqualTo(olderId);
        assertThat(client.latest(topic + "-value").version()).isEqualTo(2);
    }

    @Test
    void provisioningTwiceCreatesEverythingOnceAndChangesNothingTheSecondTime(KafkaCluster kafka) throws Exception {
        // A layout with a unique retry tier keeps this test's topics apart from other tests on the shared broker.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<TopicSpec> specs = TopicLayout.local(2).specs();
            TopicProvisioner provisioner = new TopicProvisioner(admin);

            TopicProvisioner.Report first = provisioner.provision(specs);
            TopicProvisioner.Report second = provisioner.provision(specs);

            assertThat(first.created().size() + first.unchanged().size() + first.reconfigured().size()).isEqualTo(specs.size());
            assertThat(second.created()).isEmpty();
            assertThat(second.reconfigured()).isEmpty();
            assertThat(second.unchanged()).hasSize(specs.size());
            Config health = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    "notify.provider-health.v1"))).all().get().values().iterator().next();
            assertThat(health.get("cleanup.policy").value()).isEqualTo("compact");
            Config parked = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    "notify.parked.email.v1"))).all().get().values().iterator().next();
            assertThat(parked.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(14).toMillis()));
            assertThat(admin.describeTopics(List.of("notify.request.v1")).allTopicNames().get()
                    .get("notify.request.v1").partitions()).hasSize(2);
        }
    }

    @Test
    void provisioningPutsDriftedRetentionBack(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String name = TopicNames.unique("drift");
            TopicSpec spec = new TopicSpec(name, 1, (short) 1, false, Duration.ofDays(7));
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            provisioner.provision(List.of(spec));

            TopicProvisioner.Report report = provisioner.provision(List.of(
                    new TopicSpec(name, 1, (short) 1, false, Duration.ofDays(3))));

            assertThat(report.reconfigured()).containsExactly(name);
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name)))
                    .all().get().values().iterator().next();
            assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(3).toMillis()));
        }
    }

    @Test
    void aMalformedRecordOnATopicFailsWithTopicPartitionOffsetAndReason(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        String topic = TopicNames.unique("poisoned");
        kafka.createTopic(topic, 1);
        Topics topics = Topics.create(new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl())));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(kafka), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "{\"json\":true}".getBytes()));
            producer.flush();
        }

        assertThatThrownBy(() -> consumeAll(kafka, topic, topics.request().valueSerde().deserializer(), 1))
                .isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
                    assertThat(e.topicPartition().topic()).isEqualTo(topic);
                    assertThat(e.offset()).isZero();
                    assertThat(e.getCause()).hasMessageContaining(topic).hasMessageContaining("magic byte 0x7b");
                });
    }

    @Test
    void aSerializerWithoutAutoRegisterRefusesASchemaTheRegistryDoesNotKnow(SchemaRegistryEndpoint registry) {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
        AvroSerializer<NotificationRequest> serializer = new AvroSerializer<>(client, false, false);
        String topic = TopicNames.unique("unregistered");

        assertThatThrownBy(() -> serializer.serialize(topic, Samples.otp("acme", "k", NOW)))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageContaining(topic + "-value");
    }

    private static Map<String, Object> producerProps(KafkaCluster kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    private static <V> List<ConsumerRecord<String, V>> consumeAll(KafkaCluster kafka, String topic,
                                                                  org.apache.kafka.common.serialization.Deserializer<V> values,
                                                                  int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, TopicNames.unique("g"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(expected);
        return records;
    }
}
