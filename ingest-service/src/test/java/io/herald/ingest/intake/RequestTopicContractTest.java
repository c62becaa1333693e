package io.herald.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.tenancy.DailyQuota;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Pins the request topic's key contract (docs/topics.md): the notification id is the name-based UUID of
 * {@code herald/<tenant>/<idempotencyKey>}, and the record key is that id. The router routes by this key and the
 * ids already in the field were computed this way, so a change here breaks dedup across a rolling upgrade.
 */
class RequestTopicContractTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    record Written(String key, NotificationRequest request, String fingerprint) {
    }

    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final NotificationSink sink = (key, request, fingerprint) -> {
        written.add(new Written(key, request, fingerprint));
        return CompletableFuture.completedFuture(null);
    };

    private NotificationIntake freshInstance() {
        return new NotificationIntake(new IdempotencyLedger(86_400_000, 100), new DailyQuota(Map.of(), clock), sink, clock, 5,
                Runnable::run);
    }

    @Test
    void theIdOfATenantsKeyIsThePinnedNameBasedUuid() {
        assertThat(NotificationIntake.recordKey("acme", "order-42")).isEqualTo("6415c879-e491-329e-ae41-ac77eef85bff");
    }

    @Test
    void theRecordKeyIsTheNotificationIdTheClientIsGiven() {
        IntakeResult result = freshInstance().submit(new Caller("acme", "acme-main"), "order-42",
                NotificationIntakeTest.input("hello", List.of(Channel.EMAIL))).join();

        assertThat(result).isEqualTo(new IntakeResult.Accepted("6415c879-e491-329e-ae41-ac77eef85bff"));
        assertThat(written).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("6415c879-e491-329e-ae41-ac77eef85bff");
            assertThat(w.request().getNotificationId()).isEqualTo(w.key());
            assertThat(w.request().getTenantId()).isEqualTo("acme");
            assertThat(w.request().getIdempotencyKey()).isEqualTo("order-42");
            assertThat(w.fingerprint()).isEqualTo("fp-hello");
        });
    }

    @Test
    void aRetryOnAnotherInstanceGetsTheSameIdUnderTheSameKeyWithoutAnyLookup() {
        Caller acme = new Caller("acme", "acme-main");
        IntakeResult first = freshInstance().submit(acme, "order-7", NotificationIntakeTest.input("x", List.of(Channel.EMAIL))).join();
        IntakeResult retry = freshInstance().submit(acme, "order-7", NotificationIntakeTest.input("x", List.of(Channel.EMAIL))).join();
        IntakeResult otherTenant = freshInstance().submit(new Caller("globex", "globex-main"), "order-7",
                NotificationIntakeTest.input("x", List.of(Channel.EMAIL))).join();

        assertThat(retry).isEqualTo(first);
        assertThat(otherTenant).isNotEqualTo(first);
        assertThat(written).extracting(Written::key).containsExactly(((IntakeResult.Accepted) first).notificationId(),
                ((IntakeResult.Accepted) first).notificationId(), ((IntakeResult.Accepted) otherTenant).notificationId());
    }
}
