package io.herald.replay.health;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.gate.DeferralWindow;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.gate.GateVerdict;
import io.herald.replay.gate.ReplayGate;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.LoopState;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view a gate needs: every provider's latest health state (the compacted health topic read from its
 * beginning) and its deferral ratio over a sliding window (worker attempts on the outcome topic, read from its
 * end). One consumer for both topics, no consumer group, on a {@link SupervisedLoop}: a read that fails (a registry
 * that does not answer, a broker error) restarts where it stopped.
 *
 * <p>A view that is not caught up — starting, or restarting after a failure — knows nothing fresh, so every gate it
 * gives is <em>closed</em> meanwhile: a replay waits rather than release into a provider whose outage it cannot see.
 */
public final class LiveHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHealth.class);

    private final ReplayClients clients;
    private final String healthTopic;
    private final String outcomeTopic;
    private final Duration window;
    private final Clock clock;
    private final Map<String, ProviderHealth> latest = new ConcurrentHashMap<>();
    private final Map<String, DeferralWindow> deferrals = new ConcurrentHashMap<>();
    private final List<BiConsumer<ProviderHealth, Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final Deserializer<ProviderHealth> healthSerde;
    private final Deserializer<DeliveryOutcome> outcomeSerde;
    private final SupervisedLoop loop;

    public LiveHealth(ReplayClients clients, String healthTopic, String outcomeTopic, Duration window, Clock clock) {
        this(clients, healthTopic, outcomeTopic, window, clock, null);
    }

    /** @param meters where the view's restarts are counted; null for none */
    public LiveHealth(ReplayClients clients, String healthTopic, String outcomeTopic, Duration window, Clock clock,
                      MeterRegistry meters) {
        this.clients = clients;
        this.healthTopic = healthTopic;
        this.outcomeTopic = outcomeTopic;
        this.window = window;
        this.clock = clock;
        this.healthSerde = clients.topics().providerHealth().valueSerde().deserializer();
        this.outcomeSerde = clients.topics().outcome().valueSerde().deserializer();
        Map<String, TopicFollower.From> topics = new LinkedHashMap<>();
        topics.put(healthTopic, TopicFollower.From.BEGINNING);
        topics.put(outcomeTopic, TopicFollower.From.END);
        TopicFollower<byte[], byte[]> follower = new TopicFollower<>(() -> clients.consumer(null), topics,
                Duration.ofMillis(100), clients.timeout(), this::apply);
        this.loop = new SupervisedLoop("replay-live-health", follower, Backoff.DEFAULT, meters);
    }

    /**
     * Calls {@code listener} with every health record read, and whether it is live (read after catching up with
     * the topic's history) — history replays old transitions that must not trigger actions.
     */
    public void onHealth(BiConsumer<ProviderHealth, Boolean> listener) {
        listeners.add(listener);
    }

    /** Starts following both topics; fails at once, naming it, if either does not exist. */
    public LiveHealth start() {
        try (KafkaConsumer<byte[], byte[]> check = clients.consumer(null)) {
            for (String topic : List.of(healthTopic, outcomeTopic)) {
                var infos = check.partitionsFor(topic, clients.timeout());
                if (infos == null || infos.isEmpty()) throw new io.herald.replay.engine.UnknownTopicException(topic);
            }
        }
        loop.start();
        return this;
    }

    /** Waits until the health history has been read, so states reflect the topic. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return loop.awaitReady(timeout);
    }

    /** Whether the view is caught up now; gates are closed while it is not. */
    public boolean ready() {
        return loop.ready();
    }

    public LoopState state() {
        return loop.state();
    }

    /** Restarts of the view after a failed read since start. */
    public long restarts() {
        return loop.restarts();
    }

    /** The provider's latest state, or null when none was published. */
    public HealthState state(String providerId) {
        ProviderHealth health = latest.get(providerId);
        return health == null ? null : health.getState();
    }

    /** The latest record of every provider seen so far. */
    public Map<String, ProviderHealth> latest() {
        return Map.copyOf(latest);
    }

    /** The provider's deferral window. */
    public DeferralWindow deferrals(String providerId) {
        return deferrals.computeIfAbsent(providerId, p -> new DeferralWindow(window, clock::millis));
    }

    /** Closed with the reason while the view is not caught up; null while it is (then the gate's policy decides). */
    public GateVerdict unavailable() {
        LoopState now = loop.state();
        return now.ready() ? null : GateVerdict.closed("live health view is " + now.name().toLowerCase(java.util.Locale.ROOT)
                + " (not caught up): provider health unknown");
    }

    /** A gate open while {@code policy} finds the provider fit, and closed while the view is not caught up. */
    public ReplayGate gate(String providerId, GatePolicy policy) {
        return () -> {
            GateVerdict blind = unavailable();
            if (blind != null) return blind;
            DeferralWindow w = deferrals(providerId);
            return policy.decide(providerId, state(providerId), w.attempts(), w.deferred());
        };
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) return;
        try {
            if (record.topic().equals(healthTopic)) health(healthSerde.deserialize(record.topic(), record.value()));
            else outcome(outcomeSerde.deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            // Unreadable for good; a registry that does not answer is not this (it restarts the view, which reads it again).
            LOG.warn("unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getClass().getSimpleName());
        }
    }

    private void health(ProviderHealth health) {
        latest.put(health.getProviderId(), health);
        boolean live = loop.everReady();
        for (BiConsumer<ProviderHealth, Boolean> listener : listeners) {
            try {
                listener.accept(health, live);
            } catch (RuntimeException e) {
                LOG.error("health listener failed on {}", health.getProviderId(), e);
            }
        }
    }

    private void outcome(DeliveryOutcome outcome) {
        // Only worker attempts say how a provider answers; router decisions carry no provider reply.
        if (outcome.getStage() != Stage.WORKER || outcome.getProvider() == null) return;
        OutcomeStatus status = outcome.getStatus();
        boolean attempt = status == OutcomeStatus.SENT || status == OutcomeStatus.DELIVERED || status == OutcomeStatus.DEFERRED
                || status == OutcomeStatus.FAILED || status == OutcomeStatus.UNCERTAIN;
        if (!attempt) return;
        deferrals(outcome.getProvider()).record(outcome.getAt().toEpochMilli(), status == OutcomeStatus.DEFERRED);
        // A destination's release is gated on that destination's own deferrals, not its provider's.
        if (outcome.getDestination() != null) {
            deferrals(io.herald.policy.destination.Destinations.healthKey(outcome.getDestination()))
                    .record(outcome.getAt().toEpochMilli(), status == OutcomeStatus.DEFERRED);
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
