package io.herald.ingest.intake;

import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps the {@link IdempotencyLedger} and the daily quota in step with the request topic after the start-up
 * rebuild ({@link AcceptedRequests}), so keys and quota used by the <em>other</em> ingest instances count here
 * within moments: a client whose retry lands on another instance
 * (a load balancer, a timeout) gets {@code 200} with the original id, or {@code 409}, instead of a second write.
 * Only posts racing each other on two instances within that moment can still both write; the router's dedup keeps
 * one of them. It also learns this instance's own writes whose acknowledgement timed out but which did reach the
 * broker, so the client's retry finds them.
 *
 * <p>Reads headers only, from where the start-up rebuild stopped, on a {@link SupervisedLoop}: a read that fails
 * restarts where it stopped, so nothing is skipped. A request topic created after the start is read from its
 * beginning once it exists (the follower is not ready until then).
 */
public final class AcceptedRequestsFollower implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<? extends Consumer<String, byte[]>> consumers;
    private final String topic;
    private final AcceptedRequests accepted;
    private final MeterRegistry meters;
    private final AtomicLong followed = new AtomicLong();
    private volatile SupervisedLoop loop;

    /**
     * @param consumers makes the follower's consumer: once for the rebuild, again after each failure
     * @param meters    where the follower's restarts are counted; null for none
     */
    public AcceptedRequestsFollower(Supplier<? extends Consumer<String, byte[]>> consumers, String topic, AcceptedRequests accepted,
                                    MeterRegistry meters) {
        this.consumers = consumers;
        this.topic = topic;
        this.accepted = accepted;
        this.meters = meters;
    }

    /**
     * Catches up with the last {@code window} of the topic ({@link IdempotencyRebuilder}, within {@code timeout}),
     * then follows it in the background from there. On failure the consumer is closed and the error thrown.
     */
    public AcceptedRequestsFollower start(Duration window, Instant now, Duration timeout) {
        Map<TopicPartition, Long> rebuilt = new HashMap<>();
        Consumer<String, byte[]> first = consumers.get();
        try {
            IdempotencyRebuilder.rebuild(first, topic, window, now, timeout, accepted);
            for (TopicPartition tp : first.assignment()) rebuilt.put(tp, first.position(tp, timeout));
        } finally {
            first.close(Duration.ofSeconds(2));
        }
        TopicFollower<String, byte[]> follower = TopicFollower.of(consumers, topic, TopicFollower.From.BEGINNING, POLL, timeout,
                this::learn).resumeFrom(rebuilt);
        loop = new SupervisedLoop("ingest-accepted-requests", follower, Backoff.DEFAULT, meters).start();
        return this;
    }

    private void learn(ConsumerRecord<String, byte[]> record) {
        if (accepted.learn(record)) followed.incrementAndGet();
    }

    /** True while the follower is caught up: without it, other instances' idempotency keys go unseen. */
    public boolean following() {
        SupervisedLoop l = loop;
        return l != null && l.ready();
    }

    /** False only if the follower stopped for good. */
    public boolean alive() {
        SupervisedLoop l = loop;
        return l == null || l.alive();
    }

    /** Records with Herald's idempotency headers read since start (this instance's own included). */
    public long followed() {
        return followed.get();
    }

    @Override
    public void close() {
        SupervisedLoop l = loop;
        if (l != null) l.close();
    }
}
