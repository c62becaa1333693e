package io.herald.ingest.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {
    static final long SECOND = 1_000_000_000L;

    @ParameterizedTest(name = "rate {0}/s burst {1}: {2} taken at once, then wait {3} ns after {4} ns")
    @CsvSource({
            // rate, burst, taken first, expected wait for one more (ns), elapsed before asking
            "10, 10, 10, 100000000, 0",
            "10, 10, 10, 0, 100000000",
            "1, 5, 5, 1000000000, 0",
            "1, 5, 5, 500000000, 500000000",
            "4, 4, 4, 125000000, 125000000",
            "100, 1, 1, 10000000, 0"})
    void refillsContinuouslyAndSaysHowLongToWait(double rate, double burst, int taken, long expectedWait, long elapsed) {
        TokenBucket bucket = new TokenBucket(rate, burst, 0);
        for (int i = 0; i < taken; i++) assertThat(bucket.tryTake(1, 0)).isZero();

        assertThat(bucket.tryTake(1, elapsed)).isEqualTo(expectedWait);
    }

    @Test
    void neverHoldsMoreThanTheBurstAfterAnIdlePeriod() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);

        long later = 3600 * SECOND;
        assertThat(bucket.tryTake(3, later)).isZero();
        assertThat(bucket.tryTake(1, later)).isPositive();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 2, 0);
        bucket.tryTake(2, 0);

        assertThat(bucket.tryTake(1, 0)).isPositive();
        assertThat(bucket.tryTake(1, SECOND)).isZero();
    }

    @Test
    void rateLimiterKeepsOneBucketPerTenantAndRoundsRetryAfterUpToSeconds() {
        AtomicLong clock = new AtomicLong();
        RateLimiter limiter = new RateLimiter(0.5, 1, clock::get);

        assertThat(limiter.acquire("acme", 1)).isZero();
        assertThat(limiter.acquire("acme", 1)).isEqualTo(2);
        assertThat(limiter.acquire("globex", 1)).isZero();
        clock.addAndGet(2 * SECOND);
        assertThat(limiter.acquire("acme", 1)).isZero();
    }
}
