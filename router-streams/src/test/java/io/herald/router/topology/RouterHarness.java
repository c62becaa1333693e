package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.ProviderProbe;
import io.herald.contracts.RecipientPreference;
import io.herald.router.RouterConfig;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import io.herald.schemas.topics.Topic;
import io.herald.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The router topology on a TopologyTestDriver, with typed topics for every input and output. */
final class RouterHarness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    final Topics topics;
    final RouterConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, NotificationRequest> requests;
    final TestInputTopic<byte[], byte[]> rawRequests;
    final TestInputTopic<String, NotificationRequest> replays;
    final TestInputTopic<String, DeliveryOutcome> workerOutcomes;
    final TestInputTopic<String, RecipientPreference> preferences;
    final TestInputTopic<String, io.herald.contracts.PreferenceEvent> preferenceEvents;
    final TestOutputTopic<String, RecipientPreference> mergedPreferences;
    final TestInputTopic<String, ControlCommand> control;
    final TestInputTopic<String, ProviderHealth> healthIn;
    final TestInputTopic<String, ProviderProbe> probes;
    final TestOutputTopic<String, DeliveryOutcome> outcomes;
    final TestOutputTopic<String, ProviderHealth> health;
    final TestOutputTopic<byte[], byte[]> dlq;
    private final Map<String, TestOutputTopic<String, DispatchCommand>> lanes = new HashMap<>();
    private final Map<Channel, TestOutputTopic<String, ParkedNotification>> parked = new HashMap<>();

    RouterHarness() {
        this(Map.of());
    }

    RouterHarness(Map<String, String> env) {
        this(env, new InMemorySchemaRegistryClient());
    }

    RouterHarness(Map<String, String> env, io.herald.schemas.registry.SchemaRegistryClient registry) {
        topics = Topics.create(registry);
        try {
            Map<String, String> all = new HashMap<>(Map.of("HERALD_KAFKA_BOOTSTRAP_SERVERS", "dummy:9092",
                    "HERALD_SCHEMA_REGISTRY_URL", "mock://router-test",
                    "HERALD_ROUTER_STATE_DIR", Files.createTempDirectory("router-ttd").toString(),
                    "email.providers", "smtp-primary,smtp-secondary", "sms.providers", "twilio"));
            all.putAll(env);
            config = RouterConfig.fromEnv(all);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = config.streamsProperties(0);
        driver = new TopologyTestDriver(RouterTopology.build(config, topics), props, START);
        requests = input(topics.request());
        rawRequests = driver.createInputTopic(topics.request().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        replays = input(topics.replay());
        workerOutcomes = input(topics.outcome());
        preferences = input(topics.preference());
        preferenceEvents = input(topics.preferenceEvent());
        mergedPreferences = output(topics.preference());
        control = input(topics.control());
        healthIn = input(topics.providerHealth());
        probes = input(topics.providerProbe());
        outcomes = output(topics.outcome());
        health = output(topics.providerHealth());
        dlq = output(topics.dlq());
    }

    <K, V> TestInputTopic<K, V> input(Topic<K, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer(), START, Duration.ZERO);
    }

    <K, V> TestOutputTopic<K, V> output(Topic<K, V> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }

    TestOutputTopic<String, DispatchCommand> lane(Channel channel, Priority lane) {
        return lanes.computeIfAbsent(channel + "/" + lane, k -> output(topics.dispatch(channel, lane)));
    }

    TestOutputTopic<String, ParkedNotification> parked(Channel channel) {
        return parked.computeIfAbsent(channel, c -> output(topics.parked(c)));
    }

    /** The critical router on a driver of its own, made on first use (most tests route through the main one). */
    private TopologyTestDriver criticalDriver;

    /**
     * A request on the critical request topic: routed by the critical router, whose ledger lines then reach the main
     * router's ledger through the critical intake topic, as in a running router.
     */
    void sendCritical(TestRecord<String, NotificationRequest> record) {
        if (criticalDriver == null) {
            criticalDriver = new TopologyTestDriver(RouterTopology.buildCritical(config, topics, DecisionListener.NONE),
                    config.criticalStreamsProperties(), now());
        }
        criticalDriver.createInputTopic(topics.criticalRequest().name(), topics.criticalRequest().keySerde().serializer(),
                topics.criticalRequest().valueSerde().serializer()).pipeInput(record);
        TestInputTopic<byte[], byte[]> intakes = driver.createInputTopic(topics.criticalIntake().name(),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        criticalDriver.createOutputTopic(topics.criticalIntake().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer()).readRecordsToList().forEach(intakes::pipeInput);
    }

    /** What the critical router dispatched to {@code lane} of {@code channel}. */
    List<TestRecord<String, DispatchCommand>> criticalDispatched(Channel channel, Priority lane) {
        Topic<String, DispatchCommand> t = topics.dispatch(channel, lane);
        return criticalDriver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer()).readRecordsToList();
    }

    /** The critical router's outcomes. */
    List<DeliveryOutcome> criticalOutcomes() {
        return criticalDriver.createOutputTopic(topics.outcome().name(), topics.outcome().keySerde().deserializer(),
                topics.outcome().valueSerde().deserializer()).readValuesToList();
    }

    void send(NotificationRequest request) {
        requests.pipeInput(request.getTenantId() + "/" + request.getIdempotencyKey(), request);
    }

    /** Router outcomes only (the outcome topic also echoes what tests piped in as workers). */
    List<DeliveryOutcome> routerOutcomes() {
        return outcomes.readValuesToList().stream()
                .filter(o -> o.getStage() == io.herald.contracts.Stage.ROUTER).toList();
    }

    List<TestRecord<String, DispatchCommand>> dispatched(Channel channel, Priority lane) {
        return lane(channel, lane).readRecordsToList();
    }

    KeyValueStore<String, LedgerEntry> ledger() {
        return driver.getKeyValueStore(Ledger.STORE);
    }

    /** The ledger's deferral index: schedule key → notificationId. */
    KeyValueStore<String, String> schedule() {
        return driver.getKeyValueStore(DeferralSchedule.STORE);
    }

    Instant now() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    void advance(Duration d) {
        elapsed = elapsed.plus(d);
        driver.advanceWallClockTime(d);
        if (criticalDriver != null) criticalDriver.advanceWallClockTime(d);
    }

    @Override
    public void close() {
        driver.close();
        if (criticalDriver != null) criticalDriver.close();
    }
}
