package io.herald.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.ingest.tenancy.DailyQuota;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class AcceptedRequestsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final IdempotencyLedger ledger = new IdempotencyLedger(86_400_000L, 1000);
    private final DailyQuota quota = new DailyQuota(Map.of(Channel.SMS, 10L), Clock.fixed(NOW, ZoneOffset.UTC));
    private final AcceptedRequests accepted = new AcceptedRequests(ledger, quota, "me");

    private static ConsumerRecord<String, byte[]> record(String key, String writer, String channels, boolean herald) {
        RecordHeaders headers = new RecordHeaders();
        if (herald) {
            headers.add(AcceptedRequests.FINGERPRINT_HEADER, "fp".getBytes(StandardCharsets.UTF_8));
            headers.add(AcceptedRequests.ID_HEADER, "id-1".getBytes(StandardCharsets.UTF_8));
        }
        if (writer != null) headers.add(AcceptedRequests.INSTANCE_HEADER, writer.getBytes(StandardCharsets.UTF_8));
        if (channels != null) headers.add(AcceptedRequests.CHANNELS_HEADER, channels.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("requests", 0, 0L, NOW.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0, key, new byte[0],
                headers, Optional.empty());
    }

    @Test
    void anotherInstancesRecordTeachesTheKeyAndCountsItsChannels() {
        assertThat(accepted.learn(record("acme/k-1", "them", "EMAIL,SMS", true))).isTrue();

        assertThat(ledger.claim("acme/k-1", "fp", "other-id", NOW.toEpochMilli()))
                .isInstanceOfSatisfying(IdempotencyLedger.Claim.Existing.class,
                        e -> assertThat(e.entry().notificationId()).isEqualTo("id-1"));
        assertThat(quota.used("acme", Channel.SMS)).isEqualTo(1);
    }

    @Test
    void ownWritesAreNotCountedTwiceAndForeignProducersAreLeftToTheRouter() {
        assertThat(accepted.learn(record("acme/k-2", "me", "SMS", true))).isTrue();
        assertThat(quota.used("acme", Channel.SMS)).as("counted when this instance reserved it").isZero();

        assertThat(accepted.learn(record("acme/k-3", null, null, false))).isFalse();
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void readsTenantsAndChannelsDefensively() {
        assertThat(AcceptedRequests.tenantOf("acme/key/with/slashes")).isEqualTo("acme");
        assertThat(AcceptedRequests.channels("EMAIL, sms,PIGEON")).containsExactly(Channel.EMAIL, Channel.SMS);
        assertThat(AcceptedRequests.channels(null)).isEmpty();
    }
}
