package io.herald.replay.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void theFirstPermitIsFreeAndTheNextWaitsOneInterval() {
        TokenBucket bucket = new TokenBucket(50, 1, nanos::get);
        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isEqualTo(20_000_000L);
        assertThat(bucket.reserve(1)).isEqualTo(40_000_000L);
    }

    @Test
    void aCallerThatHonoursTheWaitsGetsExactlyTheRate() {
        TokenBucket bucket = new TokenBucket(500, 1, nanos::get);
        long start = nanos.get();
        for (int i = 0; i < 5000; i++) nanos.addAndGet(bucket.reserve(1));
        double seconds = (nanos.get() - start) / 1e9;
        assertThat(4999 / seconds).isCloseTo(500, within(0.01));
    }

    @Test
    void idleTimeEarnsAtMostTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 5, nanos::get);
        bucket.reserve(1);
        nanos.addAndGet(60_000_000_000L);
        assertThat(bucket.available()).isEqualTo(5);
        for (int i = 0; i < 5; i++) assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isEqualTo(100_000_000L);
    }

    @Test
    void timeBeforeTheFirstReservationEarnsNothing() {
        TokenBucket bucket = new TokenBucket(10, 5, nanos::get);
        nanos.addAndGet(60_000_000_000L);
        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isEqualTo(100_000_000L);
    }

    @Test
    void aNewRateAppliesFromNowOn() {
        TokenBucket bucket = new TokenBucket(10, 1, nanos::get);
        bucket.reserve(1);
        bucket.setRate(100);
        assertThat(bucket.reserve(1)).isEqualTo(10_000_000L);
        assertThat(bucket.rate()).isEqualTo(100);
    }
}
