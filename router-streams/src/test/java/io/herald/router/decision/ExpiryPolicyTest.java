package io.herald.router.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.schemas.Samples;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryPolicyTest {
    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "{0} without expiry lives {1}")
    @CsvSource({"CRITICAL, PT15M", "TRANSACTIONAL, PT24H", "BULK, PT72H"})
    void defaultsPerPriority(Priority priority, Duration ttl) {
        NotificationRequest request = Samples.otp("acme", "k", CREATED);
        request.setExpiresAt(null);
        request.setPriority(priority);
        assertThat(ExpiryPolicy.DEFAULT.expiresAt(request)).isEqualTo(CREATED.plus(ttl));
        assertThat(ExpiryPolicy.DEFAULT.isExpired(request, CREATED.plus(ttl).minusMillis(1))).isFalse();
        assertThat(ExpiryPolicy.DEFAULT.isExpired(request, CREATED.plus(ttl))).isTrue();
    }

    @ParameterizedTest(name = "an explicit expiry wins over the {0} default")
    @CsvSource({"CRITICAL", "TRANSACTIONAL", "BULK"})
    void explicitExpiryWins(Priority priority) {
        NotificationRequest request = Samples.otp("acme", "k", CREATED);
        request.setPriority(priority);
        request.setExpiresAt(CREATED.plusSeconds(90));
        assertThat(ExpiryPolicy.DEFAULT.expiresAt(request)).isEqualTo(CREATED.plusSeconds(90));
    }
}
