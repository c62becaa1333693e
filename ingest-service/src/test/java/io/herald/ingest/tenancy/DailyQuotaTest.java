package io.herald.ingest.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DailyQuotaTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T23:00:00Z"), ZoneOffset.UTC);

    @Test
    void refusesTheNotificationThatWouldExceedTheSmsQuotaUntilMidnightUtc() {
        DailyQuota quota = new DailyQuota(Map.of(Channel.SMS, 2L), clock);

        assertThat(quota.reserve("acme", List.of(Channel.SMS))).isInstanceOf(DailyQuota.Result.Reserved.class);
        assertThat(quota.reserve("acme", List.of(Channel.SMS))).isInstanceOf(DailyQuota.Result.Reserved.class);
        DailyQuota.Result third = quota.reserve("acme", List.of(Channel.EMAIL, Channel.SMS));

        assertThat(third).isEqualTo(new DailyQuota.Result.Exhausted(Channel.SMS, 3600));
        assertThat(quota.used("acme", Channel.SMS)).isEqualTo(2);
    }

    @Test
    void countsEachTenantSeparatelyAndLeavesUnlimitedChannelsAlone() {
        DailyQuota quota = new DailyQuota(Map.of(Channel.SMS, 1L), clock);

        quota.reserve("acme", List.of(Channel.SMS));

        assertThat(quota.reserve("globex", List.of(Channel.SMS))).isInstanceOf(DailyQuota.Result.Reserved.class);
        for (int i = 0; i < 100; i++) {
            assertThat(quota.reserve("acme", List.of(Channel.EMAIL))).isInstanceOf(DailyQuota.Result.Reserved.class);
        }
    }

    @Test
    void releasingAReservationGivesTheQuotaBack() {
        DailyQuota quota = new DailyQuota(Map.of(Channel.SMS, 1L), clock);
        var reserved = (DailyQuota.Result.Reserved) quota.reserve("acme", List.of(Channel.SMS));

        quota.release("acme", reserved);

        assertThat(quota.used("acme", Channel.SMS)).isZero();
        assertThat(quota.reserve("acme", List.of(Channel.SMS))).isInstanceOf(DailyQuota.Result.Reserved.class);
    }
}
