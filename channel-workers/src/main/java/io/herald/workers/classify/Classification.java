package io.herald.workers.classify;

import io.herald.contracts.ErrorClass;
import java.util.Objects;

/**
 * The verdict on one failed attempt.
 *
 * @param errorClass   TRANSIENT, THROTTLED, PERMANENT or UNCERTAIN
 * @param providerCode code for outcomes and metrics: {@code 451 4.3.2}, {@code twilio:21211}, {@code http:503}, {@code io:read-timeout}
 * @param reason       short, PII-free reason naming the rule that decided
 */
public record Classification(ErrorClass errorClass, String providerCode, String reason) {
    public Classification {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(providerCode, "providerCode");
        Objects.requireNonNull(reason, "reason");
    }

    /** True when the same message may be tried again (on another provider now, or later). */
    public boolean retryable() {
        return errorClass == ErrorClass.TRANSIENT || errorClass == ErrorClass.THROTTLED;
    }
}
