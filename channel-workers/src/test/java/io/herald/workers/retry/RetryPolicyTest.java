package io.herald.workers.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schemas.topics.RetryTier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(RetryTier.parseList("10s,1m,10m"), 0.2);

    @Test
    void theFirstFailedRoundGoesToTheFirstTierWithTheNextAttemptNumber() {
        RetryPolicy.Decision d = policy.afterTransientRound(1, NOW, NOW.plus(Duration.ofHours(1)), 0.5);

        assertThat(d).isEqualTo(new RetryPolicy.Retry(RetryTier.parse("10s"), 2, NOW.plusSeconds(10), 3));
    }

    @Test
    void eachRoundMovesOneTierFurther() {
        assertThat(((RetryPolicy.Retry) policy.afterTransientRound(2, NOW, null, 0.5)).tier().name()).isEqualTo("1m");
        assertThat(((RetryPolicy.Retry) policy.afterTransientRound(3, NOW, null, 0.5)).tier().name()).isEqualTo("10m");
    }

    @Test
    void afterTheLastTierTheChannelIsExhausted() {
        assertThat(policy.afterTransientRound(4, NOW, null, 0.5)).isEqualTo(new RetryPolicy.Exhausted("retries-exhausted"));
    }

    @Test
    void jitterSpreadsTheDelayWithinItsFraction() {
        Instant earliest = ((RetryPolicy.Retry) policy.afterTransientRound(1, NOW, null, 0.0)).notBefore();
        Instant latest = ((RetryPolicy.Retry) policy.afterTransientRound(1, NOW, null, 0.999_999)).notBefore();

        assertThat(earliest).isEqualTo(NOW.plusSeconds(8));
        assertThat(latest).isBetween(NOW.plusMillis(11_999), NOW.plusSeconds(12));
    }

    @Test
    void aRetryThatWouldComeAfterExpiryExhaustsTheChannelAtOnce() {
        assertThat(policy.afterTransientRound(1, NOW, NOW.plusSeconds(5), 0.5))
                .isEqualTo(new RetryPolicy.Exhausted("expires-before-next-retry"));
    }

    @Test
    void aScheduleWhoseLastTierRepeatsWaitsOnItUntilExpiry() {
        RetryPolicy repeating = new RetryPolicy(RetryTier.parseList("5s"), 0.0, true);

        assertThat(repeating.afterTransientRound(30, NOW, NOW.plusSeconds(60), 0.5))
                .isEqualTo(new RetryPolicy.Retry(RetryTier.parse("5s"), 31, NOW.plusSeconds(5), 12));
        assertThat(repeating.afterTransientRound(30, NOW, NOW.plusSeconds(4), 0.5))
                .isEqualTo(new RetryPolicy.Exhausted("expires-before-next-retry"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "none", value = {
            // case,                                          tiers,      repeats, next, expires in (s), left
            "three tiers with the first retry next,             10s;1m;10m, false,   2,    none,           3",
            "three tiers with the last retry next,              10s;1m;10m, false,   4,    none,           1",
            "expiry cuts the schedule short,                  10s;1m;10m, false,   2,    60,             1",
            "a repeating last tier until expiry,              5s,         true,    31,   60,             12",
            "a repeating tier after the others until expiry,  5s;10s,     true,    2,    30,             3",
            "a repeating tier without expiry is without end,  5s,         true,    2,    none,           none"})
    void countsTheAttemptsLeftAsTheScheduleAndTheExpiryAllow(String name, String tiers, boolean repeats, int next,
                                                              Long expiresInSeconds, Integer left) {
        RetryPolicy schedule = new RetryPolicy(RetryTier.parseList(tiers.replace(';', ',')), 0.2, repeats);
        Instant notBefore = NOW.plusSeconds(5);

        assertThat(schedule.attemptsLeft(next, notBefore, expiresInSeconds == null ? null : NOW.plusSeconds(expiresInSeconds)))
                .isEqualTo(left);
    }
}
