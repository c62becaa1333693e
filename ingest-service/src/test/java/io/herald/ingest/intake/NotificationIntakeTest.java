package io.herald.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.ingest.problem.Problem;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.tenancy.DailyQuota;
import io.herald.ingest.validation.NotificationInput;
import io.herald.ingest.validation.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationIntakeTest {
    static final Caller ACME = new Caller("acme", "acme-main");
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    final RecordingSink sink = new RecordingSink();
    final ExecutorService pool = Executors.newFixedThreadPool(16);

    /** Holds every write until the test acknowledges or fails it, like a broker that has not answered yet. */
    static final class RecordingSink implements NotificationSink {
        final List<NotificationRequest> written = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        volatile boolean autoAck = true;

        @Override
        public CompletableFuture<Void> send(String key, NotificationRequest request, String fingerprint) {
            written.add(request);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            if (autoAck) ack.complete(null);
            else pending.add(ack);
            return ack;
        }
    }

    static Validation.Valid<NotificationInput> input(String text, List<Channel> channels) {
        NotificationInput in = new NotificationInput(Priority.TRANSACTIONAL, "receipt",
                new NotificationInput.Recipient("u-1", "a@example.com", "+14155550100", null, null, null),
                channels, new NotificationInput.Content("Receipt", text, null, null), null, Map.of(), null);
        return new Validation.Valid<>(in, "fp-" + text);
    }

    NotificationIntake intake(Map<Channel, Long> quota) {
        return new NotificationIntake(new IdempotencyLedger(86_400_000, 1000), new DailyQuota(quota, clock), sink, clock, 5, Runnable::run);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void tagsTheEmailRecipientWithItsDestinationWhenKnownAndLeavesItUntaggedOtherwise() {
        NotificationIntake intake = new NotificationIntake(new IdempotencyLedger(86_400_000, 1000), new DailyQuota(Map.of(), clock),
                sink, clock, 5, Runnable::run, email -> email.endsWith("@example.com") ? "exchange-online" : null);
        intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL))).join();
        assertThat(sink.written.get(0).getRecipient().getEmailDestination()).isEqualTo("exchange-online");

        intake(Map.of()).submit(ACME, "k2", input("b", List.of(Channel.EMAIL))).join();
        assertThat(sink.written.get(1).getRecipient().getEmailDestination()).isNull();
    }

    @Test
    void acceptsANewKeyOnlyAfterTheWriteIsAcknowledged() {
        sink.autoAck = false;
        NotificationIntake intake = intake(Map.of());

        CompletableFuture<IntakeResult> result = intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL)));

        assertThat(result).isNotDone();
        sink.pending.get(0).complete(null);
        assertThat(result.join()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(sink.written).singleElement().satisfies(r -> {
            assertThat(r.getTenantId()).isEqualTo("acme");
            assertThat(r.getIdempotencyKey()).isEqualTo("k1");
            assertThat(r.getNotificationId()).isEqualTo(((IntakeResult.Accepted) result.join()).notificationId());
        });
    }

    @Test
    void replaysTheSameKeyAndBodyWithTheOriginalIdAndRefusesADifferentBody() {
        NotificationIntake intake = intake(Map.of());
        var first = (IntakeResult.Accepted) intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL))).join();

        IntakeResult again = intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL))).join();
        IntakeResult other = intake.submit(ACME, "k1", input("b", List.of(Channel.EMAIL))).join();
        IntakeResult otherTenant = intake.submit(new Caller("globex", "g"), "k1", input("a", List.of(Channel.EMAIL))).join();

        assertThat(again).isEqualTo(new IntakeResult.Replayed(first.notificationId()));
        assertThat(((IntakeResult.Rejected) other).problem().status()).isEqualTo(409);
        assertThat(otherTenant).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(sink.written).hasSize(2);
    }

    @Test
    void hundredConcurrentSubmissionsWithOneKeyWriteExactlyOnce() throws Exception {
        sink.autoAck = false;
        NotificationIntake intake = intake(Map.of());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<IntakeResult>> results = new CopyOnWriteArrayList<>();
        List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            submitted.add(pool.submit(() -> {
                start.await();
                return results.add(intake.submit(ACME, "same", input("a", List.of(Channel.EMAIL))));
            }));
        }
        start.countDown();
        for (var f : submitted) f.get(10, TimeUnit.SECONDS);

        assertThat(sink.written).hasSize(1);
        sink.pending.get(0).complete(null);
        List<IntakeResult> answers = results.stream().map(CompletableFuture::join).toList();
        String id = sink.written.get(0).getNotificationId();
        assertThat(answers).filteredOn(IntakeResult.Accepted.class::isInstance).containsExactly(new IntakeResult.Accepted(id));
        assertThat(answers).filteredOn(IntakeResult.Replayed.class::isInstance).hasSize(99)
                .allSatisfy(r -> assertThat(((IntakeResult.Replayed) r).notificationId()).isEqualTo(id));
    }

    @Test
    void aFailedWriteIsA503ForEveryoneWaitingAndTheKeyCanBeRetried() {
        sink.autoAck = false;
        NotificationIntake intake = intake(Map.of());
        CompletableFuture<IntakeResult> owner = intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL)));
        CompletableFuture<IntakeResult> waiter = intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL)));

        sink.pending.get(0).completeExceptionally(new org.apache.kafka.common.errors.TimeoutException("broker down"));

        Problem problem = ((IntakeResult.Rejected) owner.join()).problem();
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isEqualTo(5);
        assertThat(((IntakeResult.Rejected) waiter.join()).problem().status()).isEqualTo(503);
        sink.autoAck = true;
        assertThat(intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL))).join()).isInstanceOf(IntakeResult.Accepted.class);
    }

    @Test
    void aSinkThatThrowsReleasesTheKeyInsteadOfLeavingItInFlight() {
        NotificationSink throwing = (key, request, fingerprint) -> {
            throw new IllegalStateException("producer closed");
        };
        NotificationIntake intake = new NotificationIntake(new IdempotencyLedger(86_400_000, 10), new DailyQuota(Map.of(), clock),
                throwing, clock, 5, Runnable::run);

        IntakeResult first = intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL))).join();
        IntakeResult second = intake.submit(ACME, "k1", input("a", List.of(Channel.EMAIL))).join();

        assertThat(((IntakeResult.Rejected) first).problem().status()).isEqualTo(503);
        assertThat(((IntakeResult.Rejected) second).problem().status()).isEqualTo(503);
    }

    @Test
    void quotaCountsOnlyAcceptedNotificationsAndAnswers429WhenExhausted() {
        sink.autoAck = false;
        NotificationIntake intake = intake(Map.of(Channel.SMS, 1L));
        CompletableFuture<IntakeResult> failed = intake.submit(ACME, "k1", input("a", List.of(Channel.SMS)));
        sink.pending.get(0).completeExceptionally(new RuntimeException("down"));
        assertThat(failed.join()).isInstanceOf(IntakeResult.Rejected.class);
        sink.autoAck = true;

        assertThat(intake.submit(ACME, "k2", input("b", List.of(Channel.SMS))).join()).isInstanceOf(IntakeResult.Accepted.class);
        assertThat(intake.submit(ACME, "k2", input("b", List.of(Channel.SMS))).join()).isInstanceOf(IntakeResult.Replayed.class);
        Problem problem = ((IntakeResult.Rejected) intake.submit(ACME, "k3", input("c", List.of(Channel.SMS))).join()).problem();

        assertThat(problem.status()).isEqualTo(429);
        assertThat(problem.retryAfterSeconds()).isEqualTo(14 * 3600);
        assertThat(intake.submit(ACME, "k4", input("d", List.of(Channel.EMAIL))).join()).isInstanceOf(IntakeResult.Accepted.class);
    }
}
