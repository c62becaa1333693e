package io.herald.workers.classify;

import io.herald.contracts.ErrorClass;
import io.herald.policy.reply.Verdict;
import java.time.Duration;
import java.util.Objects;

/**
 * The verdict on one failed attempt.
 *
 * @param errorClass   TRANSIENT, THROTTLED, PERMANENT or UNCERTAIN
 * @param providerCode code for outcomes and metrics: {@code 451 4.3.2}, {@code twilio:21211}, {@code http:503}, {@code io:read-timeout}
 * @param reason       short, PII-free reason naming the rule that decided ({@code outage:exchange-temporary-server-error})
 * @param verdict      the reply rule's verdict, or null when no reply decided (a network failure, Herald's own refusal)
 * @param retryAfter   how long the provider asked us to wait ({@code Retry-After}); zero when it did not say
 */
public record Classification(ErrorClass errorClass, String providerCode, String reason, Verdict verdict, Duration retryAfter) {
    /** Reasons of replies that are outage evidence start with this, e.g. {@code outage:exchange-temporary-server-error}. */
    public static final String OUTAGE_PREFIX = "outage:";

    public Classification {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(providerCode, "providerCode");
        Objects.requireNonNull(reason, "reason");
        retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /** A classification no reply rule decided. */
    public Classification(ErrorClass errorClass, String providerCode, String reason) {
        this(errorClass, providerCode, reason, null, Duration.ZERO);
    }

    /** True when the same message may be tried again (on another provider now, or later). */
    public boolean retryable() {
        return errorClass == ErrorClass.TRANSIENT || errorClass == ErrorClass.THROTTLED;
    }

    /** True when the reply says the provider accepts nothing now: evidence toward DOWN, not pacing. */
    public boolean outage() {
        return verdict == Verdict.OUTAGE;
    }
}
