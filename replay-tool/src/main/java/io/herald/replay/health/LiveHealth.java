package io.herald.replay.health;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.gate.DeferralWindow;
import io.herald.replay.gate.GatePolicy;
import io.herald.replay.gate.ReplayGate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view a gate needs: every provider's latest health state (the compacted health topic read from its
 * beginning) and its deferral ratio over a sliding window (worker attempts on the outcome topic, read from its
 * end). One daemon thread, one consumer for both topics, no consumer group.
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
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public LiveHealth(ReplayClients clients, String healthTopic, String outcomeTopic, Duration window, Clock clock) {
        this.clients = clients;
        this.healthTopic = healthTopic;
        this.outcomeTopic = outcomeTopic;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Calls {@code listener} with every health record read, and whether it is live (read after catching up with
     * the topic's history) — history replays old transitions that must not trigger actions.
     */
    public void onHealth(BiConsumer<ProviderHealth, Boolean> listener) {
        listeners.add(listener);
    }

    /** Starts following both topics. */
    public LiveHealth start() {
        consumer = clients.consumer(null);
        List<TopicPartition> health = partitions(healthTopic);
        List<TopicPartition> outcomes = partitions(outcomeTopic);
        List<TopicPartition> all = new ArrayList<>(health);
        all.addAll(outcomes);
        consumer.assign(all);
        consumer.seekToBeginning(health);
        consumer.seekToEnd(outcomes);
        outcomes.forEach(consumer::position);
        Map<TopicPartition, Long> historyEnd = consumer.endOffsets(health, clients.timeout());
        var healthSerde = clients.topics().providerHealth().valueSerde().deserializer();
        var outcomeSerde = clients.topics().outcome().valueSerde().deserializer();
        thread = new Thread(() -> {
            try {
                while (running) {
                    if (caughtUp.getCount() > 0 && historyEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        caughtUp.countDown();
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.value() == null) continue;
                        try {
                            if (record.topic().equals(healthTopic)) health(healthSerde.deserialize(record.topic(), record.value()));
                            else outcome(outcomeSerde.deserialize(record.topic(), record.value()));
                        } catch (SerializationException e) {
                            LOG.warn("unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("live health view stopped", e);
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "herald-replay-live-health");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Waits until the health history has been read, so states reflect the topic. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

    /** A gate open while {@code policy} finds the provider fit. */
    public ReplayGate gate(String providerId, GatePolicy policy) {
        return () -> {
            DeferralWindow w = deferrals(providerId);
            return policy.decide(providerId, state(providerId), w.attempts(), w.deferred());
        };
    }

    private void health(ProviderHealth health) {
        latest.put(health.getProviderId(), health);
        boolean live = caughtUp.getCount() == 0;
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

    private List<TopicPartition> partitions(String topic) {
        var infos = consumer.partitionsFor(topic, clients.timeout());
        if (infos == null || infos.isEmpty()) throw new io.herald.replay.engine.UnknownTopicException(topic);
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
