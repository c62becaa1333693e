package io.herald.ingest.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link IdempotencyLedger} and the daily quota in step with the request topic after the start-up
 * rebuild ({@link AcceptedRequests}), so keys and quota used by the <em>other</em> ingest instances count here
 * within moments: a client whose retry lands on another instance
 * (a load balancer, a timeout) gets {@code 200} with the original id, or {@code 409}, instead of a second write.
 * Only posts racing each other on two instances within that moment can still both write; the router's dedup keeps
 * one of them. It also learns this instance's own writes whose acknowledgement timed out but which did reach the
 * broker, so the client's retry finds them.
 *
 * <p>Reads headers only, from where the start-up rebuild stopped.
 */
public final class AcceptedRequestsFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedRequestsFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final AcceptedRequests accepted;
    private final AtomicLong followed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public AcceptedRequestsFollower(Consumer<String, byte[]> consumer, String topic, AcceptedRequests accepted) {
        this.consumer = consumer;
        this.topic = topic;
        this.accepted = accepted;
        this.thread = new Thread(this::run, "herald-ingest-idempotency-follower");
        thread.setDaemon(true);
    }

    /**
     * Catches up with the last {@code window} of the topic ({@link IdempotencyRebuilder}, within {@code timeout}),
     * then follows it in the background from there. On failure the consumer is closed and the error thrown.
     */
    public AcceptedRequestsFollower start(Duration window, Instant now, Duration timeout) {
        try {
            IdempotencyRebuilder.rebuild(consumer, topic, window, now, timeout, accepted);
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(2));
            throw e;
        }
        thread.start();
        return this;
    }

    /** True while the background follower runs: without it, other instances' idempotency keys go unseen. */
    public boolean following() {
        return running && thread.isAlive();
    }

    /** Records with Herald's idempotency headers read since start (this instance's own included). */
    public long followed() {
        return followed.get();
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (consumer.assignment().isEmpty() && !assignWhenCreated()) continue;
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (accepted.learn(record)) followed.incrementAndGet();
                    }
                } catch (WakeupException | InterruptException e) {
                    return; // closing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // The broker may be away (the service answers 503 meanwhile); the position is kept, so nothing is skipped.
                    LOG.warn("following the request topic for idempotency keys failed, retrying: {}", e.toString());
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * The rebuild found no request topic (the service started before provisioning): read it from its beginning
     * once it exists. Returns whether it does now.
     */
    private boolean assignWhenCreated() throws InterruptedException {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            Thread.sleep(1_000); // not there yet; ask again shortly
            return false;
        }
        var partitions = infos.stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
