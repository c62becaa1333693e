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
     * commits off (critical dispatches then wait for the commit interval like the rest). Unset, it is the commit
     * interval (100 ms by default): the first critical dispatch after a quiet spell commits at once, and under a stream
     * of codes the thread commits at most about twice per interval. Its history, on two shared cores:
     * <ul>
     *   <li>20 ms (the first default) made the router commit-bound at 500 critical requests/s (each exactly-once commit
     *   costs the stream thread several broker round trips; it fell seconds behind);</li>
     *   <li>the whole interval (the second) kept up, but in the one router a code decided just after a commit waited up
     *   to 100 ms for the next: 500/s p99 273–306 ms;</li>
     *   <li>half of it (the third) gave 175–236 ms there, at 21–23% of the router's throughput in a drain with codes
     *   throughout (9% with the whole interval);</li>
     *   <li>the whole interval again (the fourth), since codes have a router of their own
     *   ({@link RouterTopology#buildCritical}): its commits (~50 ms each at 500/s) took most of its time with half the
     *   interval and once in three runs it fell behind (500/s p99 546 ms); with the whole interval 500/s p99 139–162 ms
     *   in three of three runs (docs/benchmarks/pipeline.md).</li>
     *   <li>on a slower host (2026-12-01) a commit took about the whole interval, and at 500/s the router fell seconds
     *   behind (500/s p99 0.9–4.8 s); a 250 ms gap kept up but cost idle codes. Since then, no early commit while the
     *   thread is behind by more than a gap ({@link #behind}): the gap stays, and a slow host stops adding commits
     *   exactly when they cost it its pace.</li>
     * </ul>
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

    /**
     * Whether the thread is behind: the record waited longer than a gap before it was processed. Then an early commit
     * would only add to what keeps it behind (each one costs the thread several broker round trips, and on a slow host
     * about a gap), and the commit interval's own commit, due within an interval, carries the dispatch anyway. On time
     * again, early commits resume. A producer clock ahead of this host's counts as on time; one far behind it turns
     * early commits off, and codes wait for the commit interval as with {@code 0}.
     */
    static boolean behind(long nowMs, long recordTimestampMs, long gapMs) {
        return nowMs - recordTimestampMs > gapMs;
    }

    /** Whether to ask for a commit now, given when we last asked and the least gap between two asks. */
    static boolean askNow(long nowMs, long lastRequestMs, long gapMs) {
        return gapMs > 0 && nowMs - lastRequestMs >= gapMs;
    }

    static long gap(Object configured, Object commitIntervalMs) {
        if (configured == null) {
            long interval = commitIntervalMs == null ? DEFAULT_COMMIT_INTERVAL_MS : Long.parseLong(commitIntervalMs.toString().trim());
            return Math.max(1, interval);
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
        long now = context().currentSystemTimeMs();
        if (behind(now, record.timestamp(), gapMs)) return;
        pending = true;
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
