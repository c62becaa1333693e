package io.herald.runtime.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class SupervisedLoopTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5));

    /** A session whose steps are scripted: it throws {@code failure} on its first step if given one. */
    private static final class Scripted implements SupervisedLoop.Session {
        private final RuntimeException failure;
        private final CountDownLatch woken = new CountDownLatch(1);
        volatile boolean closed;
        volatile int steps;

        Scripted(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void step() throws InterruptedException {
            steps++;
            if (failure != null) throw failure;
            if (woken.await(1, java.util.concurrent.TimeUnit.MILLISECONDS)) throw new WakeupException();
        }

        @Override
        public boolean caughtUp() {
            return steps > 0;
        }

        @Override
        public void wakeup() {
            woken.countDown();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aSessionThatThrowsIsClosedReplacedAndCountedAsARestart() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Scripted> made = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        try (SupervisedLoop loop = new SupervisedLoop("scripted", () -> {
            Scripted s = new Scripted(n.getAndIncrement() < 2 ? new IllegalStateException("boom") : null);
            made.add(s);
            return s;
        }, FAST, meters).start()) {
            await().atMost(Duration.ofSeconds(10)).until(loop::ready);
            assertThat(loop.restarts()).isEqualTo(2);
            assertThat(meters.get("herald.background.restarts").tag("loop", "scripted").counter().count()).isEqualTo(2.0);
            assertThat(meters.get("herald.background.ready").tag("loop", "scripted").gauge().value()).isEqualTo(1.0);
            assertThat(made.subList(0, 2)).allMatch(s -> s.closed);
            assertThat(loop.lastFailure()).isEqualTo("java.lang.IllegalStateException");
        }
    }

    @Test
    void aLoopWaitingToRestartIsNotReadyButAlive() {
        try (SupervisedLoop loop = new SupervisedLoop("always-failing", () -> new Scripted(new IllegalStateException("x")),
                new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1)), null).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> loop.state() == LoopState.RESTARTING);
            assertThat(loop.ready()).isFalse();
            assertThat(loop.alive()).isTrue();
        }
    }

    @Test
    void closingDuringTheBackOffStopsTheLoopWithoutWaitingItOut() {
        SupervisedLoop loop = new SupervisedLoop("closing", () -> new Scripted(new IllegalStateException("x")),
                new Backoff(Duration.ofHours(1), Duration.ofHours(1)), null).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.state() == LoopState.RESTARTING);
        loop.close();
        assertThat(loop.state()).isEqualTo(LoopState.STOPPED);
    }

    @Test
    void closingWakesTheRunningSessionAndClosesIt() {
        Scripted session = new Scripted(null);
        SupervisedLoop loop = new SupervisedLoop("waking", () -> session, FAST, null).start();
        await().atMost(Duration.ofSeconds(10)).until(loop::ready);
        loop.close();
        assertThat(loop.state()).isEqualTo(LoopState.STOPPED);
        assertThat(session.closed).isTrue();
        assertThat(loop.restarts()).isZero();
    }

    @Test
    void anErrorStopsTheLoopForGoodAndLivenessGoesRed() {
        try (SupervisedLoop loop = new SupervisedLoop("erring", () -> new SupervisedLoop.Session() {
            @Override
            public void step() {
                throw new LinkageError("class gone");
            }

            @Override
            public boolean caughtUp() {
                return false;
            }

            @Override
            public void wakeup() {
            }

            @Override
            public void close() {
            }
        }, FAST, null).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> loop.state() == LoopState.FAILED);
            assertThat(loop.alive()).isFalse();
            assertThat(loop.restarts()).isZero();
        }
    }

    @Test
    void aFailureIsDescribedByItsClassesAndOnlyKafkasOwnMessages() {
        String described = SupervisedLoop.describe(new IllegalStateException("bad address alice@example.com",
                new TimeoutException("Timeout of 5000ms expired before the last committed offset could be fetched")));
        assertThat(described).doesNotContain("alice")
                .isEqualTo("java.lang.IllegalStateException <- org.apache.kafka.common.errors.TimeoutException: "
                        + "Timeout of 5000ms expired before the last committed offset could be fetched");
    }
}
