package io.herald.ingest.intake;

import io.herald.contracts.NotificationRequest;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.tenancy.DailyQuota;
import io.herald.ingest.validation.NotificationInput;
import io.herald.ingest.validation.RequestMapper;
import io.herald.ingest.validation.Validation;
import io.herald.schemas.NotificationIds;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Accepts validated notifications idempotently: claim the key, reserve quota, write, and answer
 * only when the write is acknowledged. Reads as the flow it implements:
 * a replay waits for the original and returns its id; a new key is written; a failed write
 * releases the key and the quota and is reported as 503, never as accepted.
 *
 * <p>The ledger is this instance's memory only: a retry that reaches another instance (or this one after a
 * restart) is written again under the same id and key, answered {@code 202}, and the router's dedup drops it —
 * or, with another body, reports the conflict as a {@code DUPLICATE} outcome (see intake/DESIGN.md).
 */
public final class NotificationIntake {
    /**
     * Key of a request record, and the notification's id: {@link NotificationIds#of} of tenant and key (the
     * request topic's contract). Every instance computes the same id for a retry, without asking anyone.
     */
    public static String recordKey(String tenantId, String idempotencyKey) {
        return NotificationIds.of(tenantId, idempotencyKey);
    }

    private final IdempotencyLedger ledger;
    private final DailyQuota quota;
    private final NotificationSink sink;
    private final Clock clock;
    private final long retryAfterSeconds;
    private final Executor completions;
    private final java.util.function.UnaryOperator<String> emailDestinations;

    public NotificationIntake(IdempotencyLedger ledger, DailyQuota quota, NotificationSink sink, Clock clock,
                              long retryAfterSeconds, Executor completions) {
        this(ledger, quota, sink, clock, retryAfterSeconds, completions, email -> null);
    }

    /**
     * @param completions       where answers are completed: never the producer's I/O thread, which must
     *                          keep sending while Jetty writes responses
     * @param emailDestinations an email address → its destination when known now (never blocking), else null
     */
    public NotificationIntake(IdempotencyLedger ledger, DailyQuota quota, NotificationSink sink, Clock clock,
                              long retryAfterSeconds, Executor completions,
                              java.util.function.UnaryOperator<String> emailDestinations) {
        this.emailDestinations = emailDestinations;
        this.ledger = ledger;
        this.quota = quota;
        this.sink = sink;
        this.clock = clock;
        this.retryAfterSeconds = retryAfterSeconds;
        this.completions = completions;
    }

    public CompletableFuture<IntakeResult> submit(Caller caller, String idempotencyKey,
                                                  Validation.Valid<NotificationInput> valid) {
        String id = recordKey(caller.tenantId(), idempotencyKey);
        Instant now = clock.instant();
        IdempotencyLedger.Claim claim = ledger.claim(id, valid.fingerprint(), id, now.toEpochMilli());
        if (claim instanceof IdempotencyLedger.Claim.Existing existing) return replay(existing.entry(), valid.fingerprint());
        IdempotencyLedger.Entry entry = ((IdempotencyLedger.Claim.Owner) claim).entry();

        DailyQuota.Result reservation = quota.reserve(caller.tenantId(), valid.value().channels());
        if (reservation instanceof DailyQuota.Result.Exhausted exhausted) {
            ledger.abandon(id, entry);
            return CompletableFuture.completedFuture(new IntakeResult.Rejected(
                    Problems.quotaExceeded(exhausted.channel().name(),
                            exhausted.retryAfterSeconds())));
        }
        DailyQuota.Result.Reserved reserved = (DailyQuota.Result.Reserved) reservation;
        CompletableFuture<Void> written;
        try {
            NotificationRequest request = RequestMapper.toAvro(valid.value(), caller.tenantId(), idempotencyKey, id, now);
            // Where the recipient's mail lands, so the router can judge and route by destination without DNS.
            String email = request.getRecipient().getEmail();
            if (email != null) request.getRecipient().setEmailDestination(emailDestinations.apply(email));
            written = sink.send(id, request, valid.fingerprint());
        } catch (RuntimeException e) {
            // An owner that never finishes would make every later request with this key wait forever.
            written = CompletableFuture.failedFuture(e);
        }
        return written.handleAsync((ok, failure) -> {
            if (failure == null) {
                ledger.confirm(entry);
                return new IntakeResult.Accepted(entry.notificationId());
            }
            quota.release(caller.tenantId(), reserved);
            ledger.abandon(id, entry);
            return unavailable();
        }, completions);
    }

    private CompletableFuture<IntakeResult> replay(IdempotencyLedger.Entry original, String fingerprint) {
        if (!original.fingerprint().equals(fingerprint)) {
            return CompletableFuture.completedFuture(new IntakeResult.Rejected(
                    Problems.conflict("this Idempotency-Key was used with a different body")));
        }
        return original.durable().thenApplyAsync(durable -> durable
                ? new IntakeResult.Replayed(original.notificationId())
                : unavailable(), completions);
    }

    private IntakeResult unavailable() {
        return new IntakeResult.Rejected(Problems.unavailable(
                "the notification could not be stored durably; retry with the same Idempotency-Key", retryAfterSeconds));
    }
}
