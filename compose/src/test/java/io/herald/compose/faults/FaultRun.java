package io.herald.compose.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.compose.drill.EventLog;
import io.herald.compose.drill.LoadGenerator;
import io.herald.compose.drill.Mix;
import io.herald.compose.drill.Posted;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.twilio.RecordedSms;
import io.herald.policy.reconcile.Accepted;
import io.herald.policy.reconcile.Reconciliation;
import io.herald.policy.reconcile.ReconciliationReport;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.workers.email.MessageIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One fault run's traffic and what it observes: steady mixed load through the ingest API (the drill's
 * {@link LoadGenerator}: critical codes on email then SMS, transactional receipts, bulk newsletters, each with its
 * own recipient), the outcome topic read committed ({@link EventLog}), and the sinks' own records attributed to
 * notifications (mail by its deterministic Message-ID, SMS by the {@code ref} its text carries). Only what this run
 * posted is reconciled, so runs sharing the stack do not see each other.
 */
final class FaultRun {
    static final double RATE = 5;
    private static final Mix MIX = Mix.parse("critical=20,transactional=40,bulk=40");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final FaultStack stack;
    private final String fault;
    private final LoadGenerator load;
    private final EventLog log;
    private final Instant started = Instant.now();
    private CompletableFuture<Void> background = CompletableFuture.completedFuture(null);
    /** Notifications the test posted itself (the fault's own target), reconciled with the load's. */
    private final List<Posted> own = java.util.Collections.synchronizedList(new ArrayList<>());

    FaultRun(FaultStack stack, String fault) {
        this.stack = stack;
        this.fault = fault;
        // Unique per run: idempotency keys of one run must never collide with another's on the shared stack.
        // A slug: the id becomes part of each Idempotency-Key header and recipient address.
        String runId = fault.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + Long.toString(System.currentTimeMillis(), 36);
        // Codes expire in 10 minutes: long enough that no fault test's code expires while the pipeline recovers.
        this.load = new LoadGenerator(stack.ingest().url(), FaultStack.API_KEY, runId, MIX, Duration.ofMinutes(10),
                LoadGenerator.defaultChannels(), Clock.systemUTC());
        this.log = new EventLog(stack.kafka().bootstrapServers(), stack.topics(), Duration.ofSeconds(60));
    }

    /**
     * Posts at {@link #RATE} per second for {@code duration}, returning when done. Unlike the drill's fixed number of
     * posts, it stops at the end of the duration: while the broker is down each post takes seconds (503 after the
     * producer's retries), and the outage must last as long as the test says, not as long as the posts take.
     */
    void post(Duration duration, Posted.Phase phase) {
        long interval = (long) (1_000_000_000L / RATE);
        long end = System.nanoTime() + duration.toNanos();
        for (long next = System.nanoTime(); next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if (System.nanoTime() >= end || Thread.currentThread().isInterrupted()) return;
            load.postOne(phase);
        }
    }

    /** Posts at {@link #RATE} per second for {@code duration} in the background, while the test injects its fault. */
    void postInBackground(Duration duration) {
        background = CompletableFuture.runAsync(() -> post(duration, Posted.Phase.DURING));
    }

    /** Waits for the background load to finish. */
    void awaitLoadDone() {
        background.join();
    }

    /** Waits until {@code count} more of this run's notifications reached a sink than now: the pipeline flows end to end. */
    void awaitDelivered(int count) {
        int before = deliveries().size();
        await(fault + ": " + count + " more deliveries").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> deliveries().size() >= before + count);
    }

    /**
     * Waits until {@code count} more notifications were accepted than now (the load keeps arriving meanwhile), or the
     * background load has ended.
     */
    void awaitAccepted(int count) {
        int before = load.posted().size();
        await(fault + ": " + count + " more accepted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> load.posted().size() >= before + count || background.isDone());
    }

    /** Posts one transactional email to {@code email} (the fault's own target); returns the accepted id. */
    String postEmail(String idempotencyKey, String email) {
        String body = "{\"priority\":\"transactional\",\"category\":\"receipt\",\"recipient\":{\"id\":\"u-" + idempotencyKey
                + "\",\"email\":\"" + email + "\"},\"channels\":[\"email\"],"
                + "\"content\":{\"subject\":\"Your receipt\",\"text\":\"Herald fault suite: one receipt\"}}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().url() + "/v1/notifications"))
                    .header("Authorization", "Bearer " + FaultStack.API_KEY).header("Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) throw new AssertionError("POST answered " + response.statusCode() + ": " + response.body());
            String id = JSON.readTree(response.body()).path("id").asText();
            own.add(new Posted(id, idempotencyKey, io.herald.contracts.Priority.TRANSACTIONAL, Instant.now(), null, Posted.Phase.DURING));
            return id;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The notification's state as the ingest API reports it to its producer ({@code GET /v1/notifications/{id}}). */
    String reportedState(String id) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().url() + "/v1/notifications/" + id))
                    .header("Authorization", "Bearer " + FaultStack.API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()).path("state").asText() : "HTTP " + response.statusCode();
        } catch (java.io.IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Everything this run had accepted: the load and the test's own posts. */
    List<Posted> posted() {
        List<Posted> all = new ArrayList<>(load.posted());
        synchronized (own) {
            all.addAll(own);
        }
        return all;
    }

    long refused() {
        return load.refused();
    }

    /** Committed outcome events, every notification's. */
    List<DeliveryOutcome> outcomes() {
        return log.outcomes();
    }

    /** How many of {@code ids} had each state as their latest event ("none" without any): where lost ones stopped. */
    Map<String, Long> lastStates(java.util.Collection<String> ids) {
        Map<String, DeliveryOutcome> latest = new HashMap<>();
        for (DeliveryOutcome o : log.outcomes()) {
            if (ids.contains(o.getNotificationId())) latest.merge(o.getNotificationId(), o, (a, b) -> b.getAt().isBefore(a.getAt()) ? a : b);
        }
        return ids.stream().collect(Collectors.groupingBy(id -> latest.containsKey(id) ? latest.get(id).getStatus().toString() : "none",
                java.util.TreeMap::new, Collectors.counting()));
    }

    /** Ids among {@code ids} whose latest event is UNCERTAIN. */
    Set<String> uncertain(List<DeliveryOutcome> outcomes) {
        Map<String, DeliveryOutcome> latest = new HashMap<>();
        for (DeliveryOutcome o : outcomes) latest.merge(o.getNotificationId(), o, (a, b) -> b.getAt().isBefore(a.getAt()) ? a : b);
        return latest.values().stream().filter(o -> o.getStatus() == OutcomeStatus.UNCERTAIN).map(DeliveryOutcome::getNotificationId)
                .collect(Collectors.toSet());
    }

    /** What the sinks received for this run's notifications (and, as unknown ids, anything else they received). */
    List<SinkDelivery> deliveries() {
        List<Posted> posted = posted();
        Map<String, String> byUuid = new HashMap<>();
        Map<String, String> byKey = new HashMap<>();
        for (Posted p : posted) {
            byUuid.put(MessageIds.localPart(MessageIds.forNotification(p.notificationId(), "x")), p.notificationId());
            byKey.put(p.idempotencyKey(), p.notificationId());
        }
        List<SinkDelivery> out = new ArrayList<>();
        for (Map.Entry<String, List<ReceivedMail>> sink : Map.of("smtp-primary", stack.smtpPrimary().received(),
                "smtp-secondary", stack.smtpSecondary().received()).entrySet()) {
            for (ReceivedMail m : sink.getValue()) {
                String id = byUuid.get(MessageIds.localPart(m.messageId().orElse("")));
                if (id != null) out.add(new SinkDelivery(id, sink.getKey(), m.receivedAt()));
            }
        }
        for (RecordedSms sms : stack.twilio().created()) {
            LoadGenerator.refOf(sms.body()).map(byKey::get).ifPresent(id -> out.add(new SinkDelivery(id, "sms", sms.receivedAt())));
        }
        return out;
    }

    /**
     * Waits until every accepted notification has a terminal state (or an UNCERTAIN one, which is final without being
     * terminal), at most {@code patience}, then reconciles: anything still without one is lost, whatever it last did.
     */
    ReconciliationReport settle(Duration patience) {
        List<Accepted> accepted = accepted();
        try {
            await(fault + ": every accepted notification ends").atMost(patience).pollInterval(Duration.ofSeconds(2)).until(() -> {
                List<DeliveryOutcome> outcomes = log.outcomes();
                ReconciliationReport report = Reconciliation.reconcile(accepted, outcomes, List.of(), Instant.MIN);
                // Settled before MIN: whatever has no terminal state is parked or in flight, never lost, while we wait.
                Set<String> uncertain = uncertain(outcomes);
                return report.parked().isEmpty() && uncertain.containsAll(report.inFlight());
            });
        } catch (ConditionTimeoutException e) {
            // Reported below as lost, with the figures: the assertion names them.
        }
        return Reconciliation.reconcile(accepted, log.outcomes(), deliveries(), Instant.now());
    }

    /** The figures of a settled run, printed and kept for docs/guarantees.md. */
    FaultFigures figures(ReconciliationReport report, Integer inFlightAtKill) {
        return FaultFigures.of(fault, report, load.refused(), uncertain(log.outcomes()), inFlightAtKill,
                Duration.between(started, Instant.now())).report();
    }

    List<Accepted> accepted() {
        return posted().stream().map(p -> new Accepted(p.notificationId(), p.postedAt())).toList();
    }

    /** Ids of this run that reached a sink. */
    Set<String> deliveredIds() {
        return deliveries().stream().map(SinkDelivery::notificationId).collect(Collectors.toCollection(HashSet::new));
    }

    /** Ids of this run whose SENT (or DELIVERED) outcome is committed. */
    Set<String> committedSent() {
        Set<String> ours = posted().stream().map(Posted::notificationId).collect(Collectors.toSet());
        return log.outcomes().stream().filter(o -> ours.contains(o.getNotificationId()))
                .filter(o -> o.getStatus() == OutcomeStatus.SENT || o.getStatus() == OutcomeStatus.DELIVERED)
                .map(DeliveryOutcome::getNotificationId).collect(Collectors.toSet());
    }

    /** Records in the dead-letter topic, read committed. */
    long deadLetters() {
        String topic = stack.topics().dlq().name();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long count = 0;
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) throw new IllegalStateException("reading " + topic + " did not reach its end");
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }
}
