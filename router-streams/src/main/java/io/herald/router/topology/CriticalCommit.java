package io.herald.router.topology;

import io.herald.contracts.DispatchCommand;
import io.herald.contracts.Priority;
import java.time.Duration;
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
 * dispatch after a quiet spell asks at once; one inside the gap is left pending and a wall-clock punctuator asks when
 * the gap has passed. Under a mixed load that bounds the extra commits to one per gap per stream thread (all of a
 * thread's tasks commit together), so bulk and transactional traffic keep batched transactions.
 * The guarantees are those of any commit.
 */
final class CriticalCommit extends ContextualProcessor<String, DispatchCommand, String, DispatchCommand> {
    /**
     * Streams property (pass it as {@code kafka.herald.router.critical.commit.ms} or
     * {@code HERALD_KAFKA_HERALD_ROUTER_CRITICAL_COMMIT_MS}): least time between two early commits; 0 or less turns early
     * commits off (critical dispatches then wait for the commit interval like the rest).
     */
    static final String GAP_CONFIG = "herald.router.critical.commit.ms";
    static final long DEFAULT_GAP_MS = 20;

    private long gapMs;
    private long lastRequestMs = Long.MIN_VALUE / 2;
    private boolean pending;

    /** Whether this command is worth an early commit: the critical lane only. */
    static boolean urgent(DispatchCommand command) {
        return command != null && command.getLane() == Priority.CRITICAL;
    }

    /** Whether to ask for a commit now, given when we last asked and the least gap between two asks. */
    static boolean askNow(long nowMs, long lastRequestMs, long gapMs) {
        return gapMs > 0 && nowMs - lastRequestMs >= gapMs;
    }

    static long gap(Object configured) {
        if (configured == null) return DEFAULT_GAP_MS;
        try {
            return Long.parseLong(configured.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(GAP_CONFIG + " must be a whole number of milliseconds, was '" + configured + "'", e);
        }
    }

    @Override
    public void init(ProcessorContext<String, DispatchCommand> context) {
        super.init(context);
        gapMs = gap(context.appConfigs().get(GAP_CONFIG));
        if (gapMs > 0) context.schedule(Duration.ofMillis(gapMs), PunctuationType.WALL_CLOCK_TIME, this::askIfPending);
    }

    @Override
    public void process(Record<String, DispatchCommand> record) {
        context().forward(record);
        if (gapMs <= 0 || !urgent(record.value())) return;
        pending = true;
        askIfPending(context().currentSystemTimeMs());
    }

    private void askIfPending(long nowMs) {
        if (pending && askNow(nowMs, lastRequestMs, gapMs)) {
            context().commit();
            lastRequestMs = nowMs;
            pending = false;
        }
    }
}
