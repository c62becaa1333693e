package io.herald.ingest.problem;

import java.util.List;

/** The catalogue of problems the ingest API answers with, one factory per kind. */
public final class Problems {
    private Problems() {
    }

    public static Problem malformed(String detail) {
        return Problem.of("malformed-request", "Malformed request body", 400, detail);
    }

    public static Problem badHeader(String header, String reason) {
        return Problem.of("invalid-header", "Invalid or missing header", 400, header + ": " + reason)
                .withErrors(List.of(InvalidParam.header(header, reason)));
    }

    public static Problem unauthorized(String detail) {
        return Problem.of("unauthorized", "Missing or unknown API key", 401, detail);
    }

    public static Problem forbidden(String detail) {
        return Problem.of("forbidden", "Not allowed for this tenant", 403, detail);
    }

    public static Problem notFound(String detail) {
        return Problem.of("not-found", "Not found", 404, detail);
    }

    public static Problem conflict(String detail) {
        return Problem.of("idempotency-conflict", "Idempotency key reused with a different body", 409, detail);
    }

    public static Problem tooLarge(long limit) {
        return Problem.of("payload-too-large", "Payload too large", 413, "the body must be at most " + limit + " bytes");
    }

    public static Problem unsupportedMediaType(String detail) {
        return Problem.of("unsupported-media-type", "Unsupported media type", 415, detail);
    }

    public static Problem invalid(List<InvalidParam> errors) {
        return Problem.of("validation", "The request is invalid", 422,
                errors.size() + " invalid field(s); see errors").withErrors(errors);
    }

    public static Problem rateLimited(long retryAfterSeconds) {
        return Problem.of("rate-limited", "Too many requests", 429, "per-tenant request rate exceeded")
                .withRetryAfter(retryAfterSeconds);
    }

    public static Problem quotaExceeded(String channel, long retryAfterSeconds) {
        return Problem.of("quota-exceeded", "Daily channel quota exceeded", 429,
                "the tenant's daily " + channel + " quota is used up").withRetryAfter(retryAfterSeconds);
    }

    public static Problem unavailable(String detail, long retryAfterSeconds) {
        return Problem.of("unavailable", "Temporarily unavailable", 503, detail).withRetryAfter(retryAfterSeconds);
    }

    public static Problem internal() {
        return Problem.of("internal", "Internal error", 500, "unexpected error; it has been logged");
    }
}
