package io.herald.workers.channel;

import io.herald.workers.classify.Failure;

/** What one delivery attempt produced: accepted by the provider, or a failure to classify. */
public sealed interface AttemptResult {

    /**
     * The provider accepted the message.
     *
     * @param providerCode e.g. {@code 250 2.0.0}, {@code twilio:201}, {@code http:204}
     * @param units        billable units (SMS segments; 1 otherwise)
     */
    record Sent(String providerCode, int units) implements AttemptResult {
    }

    /** The attempt failed; see {@link io.herald.workers.classify.Classifier}. */
    record Failed(Failure failure) implements AttemptResult {
    }
}
