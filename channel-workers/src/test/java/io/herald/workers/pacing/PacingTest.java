package io.herald.workers.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.workers.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PacingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void aThrottlingReplyHalvesTheRate() {
        AimdRate rate = new AimdRate(100, 1, 5, 10, Duration.ofSeconds(1), clock);

        assertThat(rate.onThrottled()).isEqualTo(50);
    }

    @Test
    void throttlingRepliesWithinTheCooldownCountOnce() {
        AimdRate rate = new AimdRate(100, 1, 5, 10, Duration.ofSeconds(1), clock);
        rate.onThrottled();
        rate.onThrottled();
        clock.advance(Duration.ofMillis(1001));

        assertThat(rate.onThrottled()).isEqualTo(25);
    }

    @Test
    void theRateNeverFallsBelowTheFloor() {
        AimdRate rate = new AimdRate(4, 1, 1, 1, Duration.ZERO, clock);
        for (int i = 0; i < 10; i++) rate.onThrottled();

        assertThat(rate.current()).isEqualTo(1);
    }

    @Test
    void sustainedSuccessRaisesTheRateAdditivelyButNeverAboveTheMaximum() {
        AimdRate rate = new AimdRate(100, 1, 5, 10, Duration.ofSeconds(1), clock);
        rate.onThrottled();
        for (int i = 0; i < 9; i++) rate.onSuccess();
        assertThat(rate.current()).isEqualTo(50);
        rate.onSuccess();
        assertThat(rate.current()).isEqualTo(55);
        for (int i = 0; i < 1000; i++) rate.onSuccess();
        assertThat(rate.current()).isEqualTo(100);
    }

    @Test
    void aThrottleResetsTheSuccessStreak() {
        AimdRate rate = new AimdRate(100, 1, 5, 10, Duration.ZERO, clock);
        for (int i = 0; i < 9; i++) rate.onSuccess();
        rate.onThrottled();
        rate.onSuccess();

        assertThat(rate.current()).isEqualTo(50);
    }

    @Test
    void theBucketAllowsItsBurstThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 2, clock);

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        assertThat(bucket.timeUntilAvailable()).isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(100));
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void aLowerRateSlowsTheRefill() {
        TokenBucket bucket = new TokenBucket(10, 1, clock);
        bucket.tryAcquire();
        bucket.setRate(5);

        assertThat(bucket.timeUntilAvailable()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void thePacerWaitsForTokensThroughItsSleeperAndSlowsDownAfterThrottling() throws InterruptedException {
        List<Duration> waits = new ArrayList<>();
        Sleeper sleeper = d -> {
            waits.add(d);
            clock.advance(d);
        };
        ProviderPacer pacer = new ProviderPacer("smtp-primary", new AimdRate(10, 1, 1, 100, Duration.ofSeconds(1), clock), 1, clock, sleeper);
        for (int i = 0; i < 10; i++) {
            pacer.acquire();
            pacer.release(ProviderPacer.Outcome.SUCCESS);
        }
        assertThat(waits).isEmpty();

        pacer.acquire();
        pacer.release(ProviderPacer.Outcome.THROTTLED);
        pacer.acquire();
        pacer.release(ProviderPacer.Outcome.SUCCESS);

        assertThat(pacer.currentRate()).isEqualTo(5);
        assertThat(waits).last().isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aThrottleWithRetryAfterHoldsTheProviderForThatLong() throws InterruptedException {
        List<Duration> waits = new ArrayList<>();
        ProviderPacer pacer = new ProviderPacer("webhook", new AimdRate(10, 1, 1, 100, Duration.ofSeconds(1), clock), 1, clock, d -> {
            waits.add(d);
            clock.advance(d);
        });
        pacer.acquire();
        pacer.release(ProviderPacer.Outcome.THROTTLED, Duration.ofSeconds(30));

        assertThat(pacer.holdRemaining()).isEqualTo(Duration.ofSeconds(30));
        pacer.acquire();

        assertThat(waits).containsExactly(Duration.ofSeconds(30));
        assertThat(pacer.holdRemaining()).isZero();
        assertThat(pacer.currentRate()).isEqualTo(5);
    }

    @Test
    void aRetryAfterLongerThanTheCapHoldsOnlyForTheCap() throws InterruptedException {
        ProviderPacer pacer = new ProviderPacer("webhook", 10, 1, clock, Sleeper.REAL);

        pacer.acquire();
        pacer.release(ProviderPacer.Outcome.THROTTLED, Duration.ofHours(2));

        assertThat(pacer.holdRemaining()).isEqualTo(ProviderPacer.MAX_HOLD);
    }

    @Test
    void onlyAThrottleHoldsAndAShorterHoldDoesNotCutALongerOneShort() throws InterruptedException {
        ProviderPacer pacer = new ProviderPacer("webhook", 10, 2, clock, Sleeper.REAL);

        pacer.acquire();
        pacer.release(ProviderPacer.Outcome.OTHER, Duration.ofSeconds(30));
        assertThat(pacer.holdRemaining()).isZero();
        pacer.acquire();
        pacer.acquire();
        pacer.release(ProviderPacer.Outcome.THROTTLED, Duration.ofSeconds(20));
        pacer.release(ProviderPacer.Outcome.THROTTLED, Duration.ofSeconds(5));

        assertThat(pacer.holdRemaining()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anUrgentCallerTakesTheNextFreeConnectionBeforeNormalCallersThatWaitedLonger() throws Exception {
        ProviderPacer pacer = new ProviderPacer("smtp-primary", 1000, 1, Clock.systemUTC(), Sleeper.REAL);
        pacer.acquire();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread bulk = waiter(pacer, false, "bulk", order);
        await().until(() -> bulk.getState() == Thread.State.WAITING);
        Thread code = waiter(pacer, true, "code", order);
        await().until(() -> code.getState() == Thread.State.WAITING);

        pacer.release(ProviderPacer.Outcome.SUCCESS);
        await().until(() -> order.size() == 1);
        assertThat(order).as("the code came later but went first").containsExactly("code");
        assertThat(bulk.getState()).as("the bulk call still waits for a connection").isEqualTo(Thread.State.WAITING);

        pacer.release(ProviderPacer.Outcome.SUCCESS);
        await().until(() -> order.size() == 2);
        assertThat(order).containsExactly("code", "bulk");
        bulk.join();
        code.join();
    }

    private static Thread waiter(ProviderPacer pacer, boolean urgent, String name, List<String> order) {
        Thread t = new Thread(() -> {
            try {
                pacer.acquire(urgent);
                order.add(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pacer-test-" + name);
        t.start();
        return t;
    }
}
