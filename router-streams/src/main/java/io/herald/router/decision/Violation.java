package io.herald.router.decision;

/** One semantic validation failure: the field it concerns and why. Never carries the field's value (PII). */
public record Violation(String field, String reason) {
    /** {@code field: reason}, the form used in outcome details and DLQ headers. */
    public String describe() {
        return field + ": " + reason;
    }
}
