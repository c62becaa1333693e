package io.herald.ingest.problem;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem details document ({@code application/problem+json}). {@code errors} is the
 * extension member listing every invalid field; {@code retryAfterSeconds} becomes the
 * {@code Retry-After} header for 429 and 503 and is not part of the body.
 */
public record Problem(String type, String title, int status, String detail, List<InvalidParam> errors,
                      Long retryAfterSeconds) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://herald.dev/problems/";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem of type {@code https://herald.dev/problems/<slug>}. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of(), null);
    }

    public Problem withErrors(List<InvalidParam> invalid) {
        return new Problem(type, title, status, detail, invalid, retryAfterSeconds);
    }

    public Problem withRetryAfter(long seconds) {
        return new Problem(type, title, status, detail, errors, Math.max(1, seconds));
    }

    /** This problem as an exception, for guard clauses deep in a handler. */
    public ProblemException toException() {
        return new ProblemException(this);
    }
}
