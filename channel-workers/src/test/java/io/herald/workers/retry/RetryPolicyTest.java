package io.herald.workers.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.HealthState;
import io.herald.schemas.topics.RetryTier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(RetryTier.parseList("10s,1m,10m"), 0.2);

    @Test
    void theFirstFailedRoundGoesToTheFirstTierWithTheNextAttemptNumber() {
        RetryPolicy.Decision d = policy.afterTransientRound(1, NOW, NOW.plus(Duration.ofHours(1)), 0.5);

        assertThat(d).isEqualTo(new RetryPolicy.Retry(RetryTier.parse("10s"), 2, NOW.plusSeconds(10)));
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
    void providersAreOrderedHintFirstThenRouterListThenTheRestOfTheConfiguration() {
        List<String> configured = List.of("smtp-primary", "smtp-secondary", "smtp-tertiary");

        assertThat(ProviderSelector.order(configured, List.of("smtp-secondary"), "smtp-secondary"))
                .containsExactly("smtp-secondary", "smtp-primary", "smtp-tertiary");
        assertThat(ProviderSelector.order(configured, List.of("unknown"), "unknown"))
                .containsExactly("smtp-primary", "smtp-secondary", "smtp-tertiary");
    }

    @Test
    void downProvidersAreSkippedAndHalfOpenOnesComeLastWhenTheTrickleAllows() {
        Map<String, HealthState> health = Map.of("a", HealthState.HALF_OPEN, "b", HealthState.DOWN, "c", HealthState.DEGRADED);

        ProviderSelector.Selection admitted = ProviderSelector.select(List.of("a", "b", "c"), health::get, p -> true);
        ProviderSelector.Selection refused = ProviderSelector.select(List.of("a", "b", "c"), health::get, p -> false);

        assertThat(admitted.usable()).containsExactly("c", "a");
        assertThat(refused.usable()).containsExactly("c");
        assertThat(admitted.allDown()).isFalse();
    }

    @Test
    void unknownHealthCountsAsHealthy() {
        assertThat(ProviderSelector.select(List.of("a"), p -> null, p -> false).usable()).containsExactly("a");
    }

    @Test
    void whenEveryProviderIsDownNothingIsUsableAndTheChannelIsReportedDown() {
        ProviderSelector.Selection s = ProviderSelector.select(List.of("a", "b"), p -> HealthState.DOWN, p -> true);

        assertThat(s.usable()).isEmpty();
        assertThat(s.allDown()).isTrue();
    }
}
