package io.herald.router.topology;

import io.herald.contracts.DispatchCommand;
import io.herald.contracts.Priority;
import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes dispatch commands through and has a critical one committed within a few milliseconds instead of at the
 * next {@code commit.interval.ms}.
 *
 * <p>Under exactly-once a dispatch is invisible to the workers (read_committed) until the router's transaction
 * commits: with the default interval that is half an interval of waiting on average, on the critical lane's budget.
 * {@code context.commit()} only <em>requests</em> a commit, performed after the current processing iteration, so
 * the records around it share the transaction. Requests are spaced by at least {@link #GAP_CONFIG} ms: a critical
 * dispatch after a quiet spell asks at once; one inside the gap is left pending and a one-shot wall-clock reminder asks
 * when the gap has passed. Under a mixed load that bounds the extra commits to one per gap per stream thread (all of a
 * thread's tasks commit together), so bulk and transactional traffic keep batched transactions.
 * The guarantees are those of any commit.
 */
public final class CriticalCommit extends ContextualProcessor<String, DispatchCommand, String, DispatchCommand> {
    /**
     * Streams property (pass it as {@code kafka.herald.router.critical.commit.ms} or
     * {@code HERALD_KAFKA_HERALD_ROUTER_CRITICAL_COMMIT_MS}): least time between two early commits; 0 or less turns early
     * commits off (critical dispatches then wait for the commit interval like the rest). Unset, it is half the commit
     * interval (50 ms by default): a critical dispatch brings the next commit forward, and the thread commits at most
     * about three times per interval. 20 ms (the first default) made the router commit-bound at 500 critical
     * requests/s on two shared cores (each exactly-once commit costs the stream thread several broker round trips;
     * it fell seconds behind). The whole interval (the second default) kept up, but a code decided just after a commit
     * waited up to 100 ms for the next: 500/s p99 273–306 ms, against 175–236 ms with half of it. The price shows
     * in a drain with codes throughout (20,000 in one 100,000-request backlog): 21–23% of the router's throughput
     * against early commits off, where the whole interval cost 9% (docs/benchmarks/pipeline.md). Codes are a small
     * share of real traffic; their latency is the lane's promise.
     */
    public static final String GAP_CONFIG = "herald.router.critical.commit.ms";
    /** Streams' own default {@code commit.interval.ms} under exactly-once. */
    static final long DEFAULT_COMMIT_INTERVAL_MS = 100;

    private long gapMs;
    private long lastRequestMs = Long.MIN_VALUE / 2;
    private boolean pending;
    private Cancellable reminder;

    /** Whether this command is worth an early commit: the critical lane only. */
    static boolean urgent(DispatchCommand command) {
        return command != null && command.getLane() == Priority.CRITICAL;
    }

    /** Whether to ask for a commit now, given when we last asked and the least gap between two asks. */
    static boolean askNow(long nowMs, long lastRequestMs, long gapMs) {
        return gapMs > 0 && nowMs - lastRequestMs >= gapMs;
    }

    static long gap(Object configured, Object commitIntervalMs) {
        if (configured == null) {
            long interval = commitIntervalMs == null ? DEFAULT_COMMIT_INTERVAL_MS : Long.parseLong(commitIntervalMs.toString().trim());
            return Math.max(1, interval / 2);
        }
        try {
            return Long.parseLong(configured.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(GAP_CONFIG + " must be a whole number of milliseconds, was '" + configured + "'", e);
        }
    }

    @Override
    public void init(ProcessorContext<String, DispatchCommand> context) {
        super.init(context);
        gapMs = gap(context.appConfigs().get(GAP_CONFIG), context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    @Override
    public void process(Record<String, DispatchCommand> record) {
        context().forward(record);
        if (gapMs <= 0 || !urgent(record.value())) return;
        pending = true;
        long now = context().currentSystemTimeMs();
        if (askIfPending(now) || reminder != null) return;
        // A one-shot reminder, not a standing punctuator: a standing schedule ran on every stream thread all the time,
        // critical traffic or not, and each punctuation makes the thread shorten its processing runs between checks.
        reminder = context().schedule(Duration.ofMillis(Math.max(1, lastRequestMs + gapMs - now)), PunctuationType.WALL_CLOCK_TIME,
                this::remind);
    }

    private void remind(long nowMs) {
        Cancellable fired = reminder;
        reminder = null;
        if (fired != null) fired.cancel();
        if (!askIfPending(nowMs) && pending) {
            reminder = context().schedule(Duration.ofMillis(Math.max(1, lastRequestMs + gapMs - nowMs)),
                    PunctuationType.WALL_CLOCK_TIME, this::remind);
        }
    }

    private boolean askIfPending(long nowMs) {
        if (pending && askNow(nowMs, lastRequestMs, gapMs)) {
            context().commit();
            lastRequestMs = nowMs;
            pending = false;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (reminder != null) reminder.cancel();
    }
}
