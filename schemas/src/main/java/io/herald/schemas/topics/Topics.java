package io.herald.schemas.topics;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.ProviderProbe;
import io.herald.contracts.RecipientPreference;
import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The immutable, typed topic catalogue. Keys are strings (see the architecture's topic table); values
 * are Avro in the Confluent wire format, except the DLQ, which keeps the original bytes, and the replay
 * runs, which are JSON.
 * One catalogue shares one serde per value type and so one registry cache.
 */
public final class Topics {
    private final List<RetryTier> retryTiers;
    private final Topic<String, NotificationRequest> request;
    private final Topic<String, NotificationRequest> criticalRequest;
    private final Topic<String, NotificationRequest> replay;
    private final Topic<String, DeliveryOutcome> outcome;
    private final Topic<String, ProviderHealth> providerHealth;
    private final Topic<String, ProviderProbe> providerProbe;
    private final Topic<String, RecipientPreference> preference;
    private final Topic<String, PreferenceEvent> preferenceEvent;
    private final Topic<String, ControlCommand> control;
    private final Topic<byte[], byte[]> dlq;
    private final Topic<String, String> replayRuns;
    private final Topic<String, String> criticalIntake;
    private final Serde<DispatchCommand> dispatchSerde;
    private final Serde<ParkedNotification> parkedSerde;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    /** The Avro schema written through each value serde of the catalogue. */
    private final Map<Serde<?>, Schema> schemas = new IdentityHashMap<>();

    private Topics(SchemaRegistryClient registry, boolean autoRegister, List<RetryTier> retryTiers) {
        this.registry = registry;
        this.autoRegister = autoRegister;
        this.retryTiers = List.copyOf(retryTiers);
        Serde<NotificationRequest> requestSerde = avro(registry, NotificationRequest.class, autoRegister);
        this.request = new Topic<>(TopicNames.REQUEST, Serdes.String(), requestSerde);
        this.criticalRequest = new Topic<>(TopicNames.REQUEST_CRITICAL, Serdes.String(), requestSerde);
        this.replay = new Topic<>(TopicNames.REPLAY, Serdes.String(), requestSerde);
        this.outcome = new Topic<>(TopicNames.OUTCOME, Serdes.String(), avro(registry, DeliveryOutcome.class, autoRegister));
        this.providerHealth = new Topic<>(TopicNames.PROVIDER_HEALTH, Serdes.String(),
                avro(registry, ProviderHealth.class, autoRegister));
        this.providerProbe = new Topic<>(TopicNames.PROVIDER_PROBE, Serdes.String(),
                avro(registry, ProviderProbe.class, autoRegister));
        this.preference = new Topic<>(TopicNames.PREFERENCE, Serdes.String(),
                avro(registry, RecipientPreference.class, autoRegister));
        this.preferenceEvent = new Topic<>(TopicNames.PREFERENCE_EVENT, Serdes.String(),
                avro(registry, PreferenceEvent.class, autoRegister));
        this.control = new Topic<>(TopicNames.CONTROL, Serdes.String(), avro(registry, ControlCommand.class, autoRegister));
        this.dlq = new Topic<>(TopicNames.DLQ, Serdes.ByteArray(), Serdes.ByteArray());
        this.replayRuns = new Topic<>(TopicNames.REPLAY_RUNS, Serdes.String(), Serdes.String());
        this.criticalIntake = new Topic<>(TopicNames.CRITICAL_INTAKE, Serdes.String(), Serdes.String());
        this.dispatchSerde = avro(registry, DispatchCommand.class, autoRegister);
        this.parkedSerde = avro(registry, ParkedNotification.class, autoRegister);
    }

    /** A catalogue whose serdes use {@code registry}, registering schemas on first write, with every lane's default retry tiers. */
    public static Topics create(SchemaRegistryClient registry) {
        return new Topics(registry, true, RetryLanes.DEFAULTS.union());
    }

    /** A catalogue with explicit registration policy and retry tiers. */
    public static Topics create(SchemaRegistryClient registry, boolean autoRegister, List<RetryTier> retryTiers) {
        return new Topics(registry, autoRegister, retryTiers);
    }

    public Topic<String, NotificationRequest> request() {
        return request;
    }

    /** Critical-lane requests: the same contract as {@link #request()}, read by the router before it. */
    public Topic<String, NotificationRequest> criticalRequest() {
        return criticalRequest;
    }

    public Topic<String, NotificationRequest> replay() {
        return replay;
    }

    public Topic<String, DispatchCommand> dispatch(Channel channel, Priority lane) {
        return new Topic<>(TopicNames.dispatch(channel, lane), Serdes.String(), dispatchSerde);
    }

    public Topic<String, DispatchCommand> retry(Channel channel, RetryTier tier) {
        return new Topic<>(TopicNames.retry(channel, tier), Serdes.String(), dispatchSerde);
    }

    public Topic<String, ParkedNotification> parked(Channel channel) {
        return new Topic<>(TopicNames.parked(channel), Serdes.String(), parkedSerde);
    }

    public Topic<String, DeliveryOutcome> outcome() {
        return outcome;
    }

    public Topic<String, ProviderHealth> providerHealth() {
        return providerHealth;
    }

    public Topic<String, ProviderProbe> providerProbe() {
        return providerProbe;
    }

    public Topic<String, RecipientPreference> preference() {
        return preference;
    }

    /** Preference changes and erasures as tenants made them; the router merges them into {@link #preference()}. */
    public Topic<String, PreferenceEvent> preferenceEvent() {
        return preferenceEvent;
    }

    public Topic<String, ControlCommand> control() {
        return control;
    }

    public Topic<byte[], byte[]> dlq() {
        return dlq;
    }

    /** Replay run records: JSON, so operators can read them with any console consumer. */
    public Topic<String, String> replayRuns() {
        return replayRuns;
    }

    /** The critical router's decisions for the ledger (router-internal; JSON, read and written by the router alone). */
    public Topic<String, String> criticalIntake() {
        return criticalIntake;
    }

    public List<RetryTier> retryTiers() {
        return retryTiers;
    }

    /** Every topic of the catalogue, including each channel × lane, channel × tier and parked topic. */
    public List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>(List.of(request, criticalRequest, replay, outcome, providerHealth, providerProbe, preference, preferenceEvent, control, dlq,
                replayRuns, criticalIntake));
        for (Channel channel : Channel.values()) {
            for (Priority lane : Priority.values()) all.add(dispatch(channel, lane));
            for (RetryTier tier : retryTiers) all.add(retry(channel, tier));
            all.add(parked(channel));
        }
        return List.copyOf(all);
    }

    /**
     * Registers (or, without auto-registration, looks up) the value schema of every Avro topic and fetches each
     * id back, so the registry client's cache holds them before the first record is written or read: a registry
     * outage later does not stop a stage from writing, nor from reading records written with these schemas.
     *
     * @throws io.herald.schemas.registry.RegistryException when the registry cannot be reached or refuses a schema
     */
    public void registerSchemas() {
        for (Topic<?, ?> topic : all()) {
            Schema schema = schemas.get(topic.valueSerde());
            if (schema == null) continue;
            String subject = topic.name() + "-value";
            int id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
            registry.schemaById(id);
        }
    }

    private <T extends SpecificRecord> Serde<T> avro(SchemaRegistryClient registry, Class<T> type, boolean autoRegister) {
        Serde<T> serde = new AvroSerde<>(registry, type, false, autoRegister);
        schemas.put(serde, SpecificData.getForClass(type).getSchema(type));
        return serde;
    }
}
