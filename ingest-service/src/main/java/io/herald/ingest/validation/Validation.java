package io.herald.ingest.validation;

import io.herald.ingest.problem.Problem;

/** The outcome of validating one body: a value with its fingerprint, or a problem. */
public sealed interface Validation<T> {
    /** A valid body; {@code fingerprint} identifies its content for idempotent replays. */
    record Valid<T>(T value, String fingerprint) implements Validation<T> {
    }

    record Invalid<T>(Problem problem) implements Validation<T> {
    }
}
