package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Stage;
import io.herald.router.RouterConfig;
import io.herald.router.decision.Decider;
import io.herald.router.health.HealthMachine;
import io.herald.schemas.topics.Topic;
import io.herald.schemas.topics.Topics;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router's topology, built by a pure function of its configuration (no I/O).
 *
 * <pre>
 * request (key = notificationId) ─► RequestCheck ─┬─ current key ──────────────────┬─► Deduplicator ─► ChannelSelector ─► dispatch / parked / outcome
 *                                      │          └─ legacy key ─► request-rekey ──┘      └─► DUPLICATE        │ intake: same task when id = key,
 *                                      └─► dlq + FAILED                                                       ▼ else ledger-intake (by notificationId)
 * intake ───────────────┐   (carries a quiet-hours deferral: DEFERRED outcome, no dispatch)
 * critical-intake ──────┤   (the critical router's decisions, see buildCritical; taken first: CriticalFirst)
 * outcome ──────────────┼─► Ledger (failover, replay, status, deferral schedule) ─► dispatch / parked / outcome
 * replay ───────────────┘     └─ wall-clock punctuator: due deferrals re-decided now ─► dispatch / parked / outcome
 * outcome ┬► signals by provider (1 partition) ─► DestinationAttributor ─► HealthTracker ─► provider-health
 *         │                                         (provider, destination:&lt;name&gt; or both)
 * probe ───┘
 * preference-event ─► PreferenceWriter (one writer per tenant/recipientId) ─► preference (merged trail, tombstones)
 *                        └─► ledger-erasure (to every partition) ─► Ledger (scrub the recipient's notifications)
 * global views: preference, provider-health, control
 * </pre>
 * See DESIGN.md beside this class for why it is cut this way.
 */
public final class RouterTopology {
    /** Names of the repartition topics (prefixed by the application id). */
    public static final String LEDGER_INTAKE = "ledger-intake";
    /** Legacy-keyed requests (tenant/idempotencyKey, or a producer-chosen id) re-keyed by their dedup key. */
    public static final String REQUEST_REKEY = "request-rekey";
    public static final String HEALTH_SIGNALS = "health-signals";
    /** Erasures on their way to every ledger partition. */
    public static final String LEDGER_ERASURE = "ledger-erasure";
    /** Queryable stores: the ledger (notificationId → {@link LedgerEntry}) and the global health view. */
    public static final String LEDGER_STORE = Ledger.STORE;
    public static final String HEALTH_VIEW_STORE = Views.HEALTH;

    private RouterTopology() {
    }

    public static Topology build(RouterConfig config, Topics topics) {
        return build(config, topics, DecisionListener.NONE);
    }

    public static Topology build(RouterConfig config, Topics topics, DecisionListener listener) {
        StreamsBuilder builder = new StreamsBuilder();
        Decider decider = new Decider(config.routing(), config.expiry());
        Verdicts verdicts = new Verdicts(config.routing(), config.expiry());
        // Internal values are written in binary unless told otherwise (a rolling upgrade from an older router).
        boolean json = InternalEncoding.writesJson(config.kafka());
        globalViews(builder, topics);

        // Request side: keyed by notificationId = NotificationIds.of(tenant, idempotencyKey), so dedup, routing and
        // the ledger share one key and one task. Legacy-keyed requests are re-keyed by that id first (RequestKeys).
        // The ledger's stores first: the Deduplicator reads the ledger (an entry proves its id was seen).
        // Binary entries (JSON ones written before still read): the entry is read and rewritten on every worker outcome.
        builder.addStateStore(persistent(Ledger.STORE, new LedgerEntrySerde(json)));
        builder.addStateStore(persistent(DeferralSchedule.STORE, Serdes.String()));
        builder.addStateStore(persistent(LedgerRetention.STORE, Serdes.String()));
        builder.addStateStore(persistent(RecipientIndex.STORE, Serdes.String()));
        KStream<String, Emit> checked = builder.stream(topics.request().name(), consumed(topics.request()))
                .process(() -> new RequestCheck(listener), Named.as("validate"));
        RequestSide side = requestSide(builder, config, topics, listener, decider, verdicts, checked, true);
        KStream<String, Emit> intakeEmits = side.intakes();
        // An intake whose notification this task owns goes straight to the ledger; only a request with a
        // producer-chosen notificationId (not the deterministic one) still needs the ledger-intake hop.
        // A local intake keeps the recipient key its processor read from the decoded request (LedgerInput.FromIntake).
        KStream<String, LedgerInput> localIntakes = intakeEmits
                .filter((k, v) -> ((Emit.Intake) v).local(), Named.as("is-local-intake"))
                .mapValues(v -> (LedgerInput) new LedgerInput.FromIntake(((Emit.Intake) v).intake(), ((Emit.Intake) v).recipientKey()),
                        Named.as("local-intake-value"));
        KStream<String, LedgerIntake> intakes = intakeEmits
                .filterNot((k, v) -> ((Emit.Intake) v).local(), Named.as("is-remote-intake"))
                .mapValues(v -> ((Emit.Intake) v).intake(), Named.as("intake-value"))
                .repartition(Repartitioned.<String, LedgerIntake>as(LEDGER_INTAKE)
                        .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(LedgerIntake.class)))
                // The critical router's decisions, taken before the request topic's backlog (CriticalFirst).
                .merge(builder.stream(topics.criticalIntake().name(), Consumed.with(Serdes.String(),
                                        new JsonSerde<>(LedgerIntake.class)).withTimestampExtractor(new CriticalFirst.Extractor()))
                        .process(CriticalFirst.Restore<LedgerIntake>::new, Named.as("critical-intake-time")), Named.as("with-critical-intakes"));

        // Preferences: one writer per recipient key merges every ingest instance's events (issue 10, defect 7).
        KStream<String, Erasure> erasures = preferenceWriter(builder, topics);

        // Ledger side: partitioned by notificationId (intake, outcome and replay topics are co-partitioned).
        // The router's own outcomes come back as nulls, dropped from their header without decoding (RouterOutcomes).
        KStream<String, DeliveryOutcome> outcomes = builder.stream(topics.outcome().name(), Consumed.with(Serdes.String(),
                Serdes.serdeFrom(topics.outcome().valueSerde().serializer(),
                        new RouterOutcomes.SkipOwn(topics.outcome().valueSerde().deserializer()))));
        KStream<String, LedgerInput> ledgerInputs = intakes
                .mapValues(i -> (LedgerInput) new LedgerInput.FromIntake(i), Named.as("from-intake"))
                .merge(localIntakes, Named.as("all-intakes"))
                .merge(outcomes.filter((k, o) -> o != null && o.getStage() != Stage.ROUTER, Named.as("foreign-outcomes"))
                        .mapValues(o -> (LedgerInput) new LedgerInput.FromOutcome(o), Named.as("from-outcome")), Named.as("ledger-1"))
                .merge(builder.stream(topics.replay().name(), consumed(topics.replay()))
                        .mapValues(r -> (LedgerInput) new LedgerInput.FromReplay(r), Named.as("from-replay")), Named.as("ledger-2"))
                .merge(erasures.mapValues(e -> (LedgerInput) new LedgerInput.FromErasure(e), Named.as("from-erasure")),
                        Named.as("ledger-3"));
        Sinks.attach("ledger", ledgerInputs.process(() -> new Ledger(decider, verdicts, config.deferTick(), config.replayMaxReleases(),
                        config.ledgerRetention(), config.ledgerPurgeInterval(), listener),
                Named.as("ledger"), Ledger.STORE, DeferralSchedule.STORE, LedgerRetention.STORE, RecipientIndex.STORE), topics);

        // Health side: one partition, so a single task owns every provider's state machine.
        // A few keys written once per signal: Streams' record cache keeps the latest value per key and writes it to
        // RocksDB and the changelog once per commit (flushed before the commit, so exactly-once holds), instead of one
        // store write and one changelog record per signal.
        // Binary values (JSON ones written before still read: FlatRecordSerde).
        builder.addStateStore(persistent(HealthTracker.STORE, new FlatRecordSerde<>(io.herald.router.health.ProviderTracker.class, json))
                .withCachingEnabled());
        builder.addStateStore(persistent(DestinationAttributor.STORE, new FlatRecordSerde<>(io.herald.router.health.Attribution.class, json))
                .withCachingEnabled());
        HealthMachine machine = new HealthMachine(config.health());
        KStream<String, ProviderSignal> attempts = outcomes
                .flatMapValues(o -> o == null ? List.<ProviderSignal>of() : Signals.of(o).map(s -> List.of(new ProviderSignal(
                        o.getProvider(), o.getChannel() != null ? o.getChannel() : config.routing().channelOf(o.getProvider()),
                        s, o.getAt().toEpochMilli(), o.getDestination()))).orElse(List.of()), Named.as("to-signal"));
        // Probes reach the same single-partition tracker: recovery is seen even when no message goes to the provider.
        KStream<String, ProviderSignal> probes = builder.stream(topics.providerProbe().name(), consumed(topics.providerProbe()))
                .filter((k, p) -> p != null, Named.as("probe-present"))
                .mapValues(p -> new ProviderSignal(p.getProviderId(), p.getChannel(), Signals.of(p), p.getAt().toEpochMilli()),
                        Named.as("probe-to-signal"));
        KStream<String, Emit> transitions = attempts.merge(probes, Named.as("attempts-and-probes"))
                .filter((k, s) -> s.channel() != null, Named.as("known-provider"))
                .selectKey((k, s) -> s.providerId(), Named.as("by-provider"))
                .repartition(Repartitioned.<String, ProviderSignal>as(HEALTH_SIGNALS).withNumberOfPartitions(1)
                        .withKeySerde(Serdes.String()).withValueSerde(new FlatRecordSerde<>(ProviderSignal.class, json)))
                // Recipient-specific failures count toward their destination, not the provider (issue 14).
                .process(() -> new DestinationAttributor(config.health().window()), Named.as("destination-attributor"),
                        DestinationAttributor.STORE)
                .process(() -> new HealthTracker(machine, config.routing(), config.healthTick(), listener),
                        Named.as("health-tracker"), HealthTracker.STORE);
        Sinks.attach("health", transitions, topics);
        return builder.build();
    }

    /**
     * The critical router: a Kafka Streams application of its own (its own stream thread, consumer and transactions),
     * so a one-time code is decided while the main router works through a campaign's backlog and the workers'
     * outcomes, instead of behind them.
     *
     * <pre>
     * critical request ─► RequestCheck ─┬─ current key ──────────────────┬─► Deduplicator (own store) ─► ChannelSelector ─► dispatch / parked / outcome
     *                                   │          └─ legacy key ─► request-rekey ──┘                              │
     *                                   └─► dlq + FAILED                                                          ▼
     *                                                         every ledger line ─► critical-intake (key notificationId) ─► the main router's Ledger
     * global views: preference, provider-health, control (its own copies)
     * </pre>
     * The ledger stays with the main router (failover, replay, status, expiry watch, erasure): it reads the critical
     * intake topic beside the outcome topic, so a worker outcome that overtakes its intake waits as it always did
     * (the ledger's pending line). Deduplication here keeps its own store (the ledger is not in this application): a
     * key seen on the critical topic within the window is a duplicate, whichever id it carries.
     */
    public static Topology buildCritical(RouterConfig config, Topics topics, DecisionListener listener) {
        StreamsBuilder builder = new StreamsBuilder();
        Decider decider = new Decider(config.routing(), config.expiry());
        Verdicts verdicts = new Verdicts(config.routing(), config.expiry());
        globalViews(builder, topics);
        KStream<String, Emit> checked = builder.stream(topics.criticalRequest().name(), consumed(topics.criticalRequest()))
                .process(() -> new RequestCheck(listener), Named.as("validate"));
        RequestSide side = requestSide(builder, config, topics, listener, decider, verdicts, checked, false);
        side.intakes().mapValues(v -> ((Emit.Intake) v).intake(), Named.as("intake-value"))
                .to(topics.criticalIntake().name(), Produced.with(Serdes.String(), new JsonSerde<>(LedgerIntake.class))
                        .withName("to-critical-intake"));
        return builder.build();
    }

    /** Every {@link Emit.Intake} of a request side: the ledger lines its requests leave. */
    private record RequestSide(KStream<String, Emit> intakes) {
    }

    /**
     * Validated requests → dedup → channel choice → their sinks. {@code ledgerProof}: the ledger is in this task and an
     * entry proves its id was seen (the main router); otherwise the dedup store remembers every key (the critical one).
     */
    private static RequestSide requestSide(StreamsBuilder builder, RouterConfig config, Topics topics, DecisionListener listener,
                                           Decider decider, Verdicts verdicts, KStream<String, Emit> checked, boolean ledgerProof) {
        builder.addStateStore(persistent(Deduplicator.STORE, new JsonSerde<>(Deduplicator.Seen.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Deduplicator.EXPIRY_INDEX),
                Serdes.String(), Serdes.String()));
        KStream<String, NotificationRequest> valid = next(checked, "validated");
        KStream<String, NotificationRequest> current = valid
                .filter(RequestKeys::current, Named.as("keyed-by-id"));
        KStream<String, NotificationRequest> rekeyed = valid
                .filterNot(RequestKeys::current, Named.as("keyed-legacy"))
                .selectKey((k, r) -> RequestKeys.dedupKey(r), Named.as("by-dedup-key"))
                .repartition(Repartitioned.<String, NotificationRequest>as(REQUEST_REKEY)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.request().valueSerde()));
        String[] dedupStores = ledgerProof ? new String[] {Deduplicator.STORE, Deduplicator.EXPIRY_INDEX, Ledger.STORE}
                : new String[] {Deduplicator.STORE, Deduplicator.EXPIRY_INDEX};
        KStream<String, Emit> deduped = current.merge(rekeyed, Named.as("dedup-keyed"))
                .process(() -> new Deduplicator(config.dedupWindow(), config.dedupPurgeInterval(), listener, ledgerProof),
                        Named.as("deduplicate"), dedupStores);
        KStream<String, Emit> selected = next(deduped, "unique")
                .process(() -> new ChannelSelector(decider, verdicts, listener), Named.as("select-channel"));
        Sinks.attach("request-side", checked.merge(deduped, Named.as("request-emits")).merge(selected,
                Named.as("request-decisions")), topics);
        return new RequestSide(checked.merge(deduped, Named.as("intakes-1")).merge(selected, Named.as("intakes"))
                .filter((k, v) -> v instanceof Emit.Intake, Named.as("is-intake")));
    }

    /**
     * Preference events (any ingest instance) → {@link PreferenceWriter} (single writer per tenant/recipientId) →
     * the compacted preference topic; erasures go on to every partition of the ledger.
     */
    private static KStream<String, Erasure> preferenceWriter(StreamsBuilder builder, Topics topics) {
        builder.addStateStore(persistent(PreferenceWriter.STORE, new JsonSerde<>(PreferenceWriter.State.class)));
        KStream<String, PreferenceWriter.Out> written = builder.stream(topics.preferenceEvent().name(), consumed(topics.preferenceEvent()))
                .filter((k, e) -> e != null, Named.as("preference-event-present"))
                .process(PreferenceWriter::new, Named.as("preference-writer"), PreferenceWriter.STORE);
        written.filter((k, o) -> o instanceof PreferenceWriter.Out.Merged, Named.as("is-merged-preference"))
                .mapValues(o -> ((PreferenceWriter.Out.Merged) o).preference(), Named.as("merged-preference"))
                .to(topics.preference().name(), Produced.with(topics.preference().keySerde(), topics.preference().valueSerde()));
        // The recipient's notifications live on every ledger partition: the erasure goes to all of them.
        StreamPartitioner<String, Erasure> everyPartition = (topic, key, value, numPartitions) ->
                Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        return written.filter((k, o) -> o instanceof PreferenceWriter.Out.Erased, Named.as("is-erasure"))
                .mapValues(o -> ((PreferenceWriter.Out.Erased) o).erasure(), Named.as("erasure"))
                .repartition(Repartitioned.<String, Erasure>as(LEDGER_ERASURE).withKeySerde(Serdes.String())
                        .withValueSerde(new JsonSerde<>(Erasure.class)).withStreamPartitioner(everyPartition));
    }

    private static void globalViews(StreamsBuilder builder, Topics topics) {
        // Preferences can be many: persistent. Health and control are a handful of keys: in memory,
        // rebuilt from their compacted topics at start.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Views.PREFERENCES),
                        Serdes.String(), topics.preference().valueSerde()).withLoggingDisabled(),
                topics.preference().name(), consumed(topics.preference()), () -> new LatestValue<>(Views.PREFERENCES));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Views.HEALTH),
                        Serdes.String(), topics.providerHealth().valueSerde()).withLoggingDisabled(),
                topics.providerHealth().name(), consumed(topics.providerHealth()), () -> new LatestValue<>(Views.HEALTH));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Views.CONTROL),
                        Serdes.String(), topics.control().valueSerde()).withLoggingDisabled(),
                topics.control().name(), consumed(topics.control()), () -> new LatestValue<>(Views.CONTROL));
    }

    private static KStream<String, NotificationRequest> next(KStream<String, Emit> emits, String name) {
        return emits.filter((k, v) -> v instanceof Emit.Next, Named.as("is-" + name))
                .mapValues(v -> ((Emit.Next) v).request(), Named.as(name + "-request"));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> persistent(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde);
    }

    private static <V> Consumed<String, V> consumed(Topic<String, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }
}
