package io.herald.runtime.background;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop that cannot die silently. It runs {@link Session sessions} one after another on its own daemon
 * thread: a session that throws is closed, and after a capped exponential {@link Backoff} the next one opens (a
 * {@link TopicFollower} resumes where the failed one stopped, so nothing is skipped). Its {@link #state()} tells the
 * service's readiness the truth: ready only while caught up, red while starting or restarting. Restarts are
 * counted in {@code herald_background_restarts_total{loop}}; {@code herald_background_ready{loop}} is 1 while ready.
 *
 * <p>An {@link Exception} restarts the session; an {@link Error} stops the loop in {@link LoopState#FAILED}, so
 * liveness goes red and the platform restarts the process. Failures are logged by exception class (and, for Kafka's
 * own exceptions, their message): never a record's content.
 */
public final class SupervisedLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** One life of a loop: what it opens, it closes. Everything but {@link #wakeup()} runs on the loop's thread. */
    public interface Session extends AutoCloseable {
        /** Prepares the session (assign, seek, join); may block, and then must give way to {@link #wakeup()}. */
        default void open() throws Exception {
        }

        /** One turn (a poll and what it brought); returns within about a poll timeout. */
        void step() throws Exception;

        /** Whether the session holds what the service relies on (it has read its history up to now). */
        boolean caughtUp();

        /** From any thread: makes a blocking call in {@link #open()} or {@link #step()} return, e.g. by throwing. */
        void wakeup();

        /** Releases what the session holds; must not throw. */
        @Override
        void close();
    }

    /** Makes the next session; cheap and non-blocking (blocking work belongs in {@link Session#open()}). */
    @FunctionalInterface
    public interface Sessions {
        Session next() throws Exception;
    }

    private final String name;
    private final Sessions sessions;
    private final Backoff backoff;
    private final Counter restarts;
    private final AtomicLong restartCount = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private volatile LoopState state = LoopState.STARTING;
    private volatile Session current;
    private volatile String lastFailure;
    private volatile boolean everReady;

    /**
     * @param name   short and fixed (it is a metric tag and the thread's name), e.g. {@code provider-health}
     * @param meters where restarts are counted; null for none
     */
    public SupervisedLoop(String name, Sessions sessions, Backoff backoff, MeterRegistry meters) {
        this.name = Objects.requireNonNull(name, "name");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.restarts = meters == null ? null : Counter.builder("herald.background.restarts").tag("loop", name)
                .description("Restarts of a background loop after its session failed").register(meters);
        if (meters != null) {
            Gauge.builder("herald.background.ready", this, l -> l.state().ready() ? 1 : 0).tag("loop", name)
                    .description("1 while the background loop is caught up and following, else 0").register(meters);
        }
        this.thread = new Thread(this::run, "herald-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts the loop's thread; returns at once. */
    public SupervisedLoop start() {
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    public LoopState state() {
        return state;
    }

    /** Whether the service may rely on what the loop maintains now. */
    public boolean ready() {
        return state.ready();
    }

    /** Whether the loop runs or will run again by itself. */
    public boolean alive() {
        return state.alive();
    }

    /**
     * Whether the loop has been ready at least once: what it reads after that is news, while what it read before is
     * history (e.g. old transitions that must not trigger actions). A restart does not make news history again.
     */
    public boolean everReady() {
        return everReady;
    }

    /** Restarts since start. */
    public long restarts() {
        return restartCount.get();
    }

    /** The last failure, as logged (exception classes, no record content); null if none. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Waits until the loop is ready; false if it was not within {@code timeout} (or it stopped). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!state.ready()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || state == LoopState.FAILED || state == LoopState.STOPPED) return false;
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void become(LoopState next) {
        synchronized (lock) {
            if (next == LoopState.READY) everReady = true;
            state = next;
            lock.notifyAll();
        }
    }

    private void run() {
        int failures = 0;
        try {
            while (running) {
                Session session = null;
                try {
                    session = sessions.next();
                    current = session;
                    if (!running) return; // close() may not have seen this session: do not block in it
                    session.open();
                    while (running) {
                        session.step();
                        if (state != LoopState.READY && session.caughtUp()) {
                            if (failures > 0) LOG.info("background loop {} caught up again after {} restart(s)", name, restarts());
                            failures = 0;
                            become(LoopState.READY);
                        }
                    }
                    return;
                } catch (WakeupException | InterruptException e) {
                    if (!running) return;
                    failures = failed(e, failures);
                } catch (Exception e) {
                    if (!running) return;
                    failures = failed(e, failures);
                } catch (Error e) {
                    lastFailure = describe(e);
                    LOG.error("background loop {} stopped for good: {}", name, lastFailure);
                    become(LoopState.FAILED);
                    return;
                } finally {
                    current = null;
                    closeQuietly(session);
                }
                if (stopped.await(backoff.delay(failures).toMillis(), TimeUnit.MILLISECONDS)) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (state != LoopState.FAILED) become(LoopState.STOPPED);
        }
    }

    private int failed(Exception e, int failures) {
        int n = failures + 1;
        lastFailure = describe(e);
        restartCount.incrementAndGet();
        if (restarts != null) restarts.increment();
        become(LoopState.RESTARTING);
        LOG.warn("background loop {} failed ({}); restarting in {} (failure {} in a row)", name, lastFailure,
                backoff.delay(n), n);
        return n;
    }

    private void closeQuietly(Session session) {
        if (session == null) return;
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a session of {}: {}", name, e.getClass().getName());
        }
    }

    /**
     * A failure as it may be logged: the classes of the exception and its causes, and the message only of Kafka's own
     * exceptions (they name topics, nodes and timeouts). Other messages may quote what a record held.
     */
    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (depth > 0) out.append(" <- ");
            out.append(t.getClass().getName());
            if (t.getClass().getName().startsWith("org.apache.kafka.") && t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    /** Stops the loop: wakes the session, waits for it to close (up to 10 s). */
    @Override
    public void close() {
        running = false;
        stopped.countDown();
        Session session = current;
        if (session != null) session.wakeup();
        if (!thread.isAlive()) {
            if (state != LoopState.FAILED) become(LoopState.STOPPED);
            return;
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) LOG.warn("background loop {} did not stop within {}", name, CLOSE_TIMEOUT);
    }
}
