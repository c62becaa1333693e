package io.herald.router.decision;

import java.util.Objects;

/**
 * What a DUPLICATE outcome says. With deterministic notification ids two ingest instances can both accept the same
 * idempotency key with different bodies; the router's dedup is authoritative and keeps the first. When both copies
 * carry ingest's body fingerprint and they differ, the duplicate is a conflict, not a retry: the client reused the
 * key for another notification, which was dropped. Pure; the detail names the kept notification's id only (no PII).
 */
public final class DuplicateRule {
    /** A retry of the same request (or one of the fingerprints is unknown). */
    public static final String SEEN = "idempotency-key-seen";
    /** The same key with a different body. */
    public static final String CONFLICT = "idempotency-key-conflict";

    public record Verdict(String rule, String detail) {
    }

    private DuplicateRule() {
    }

    /**
     * @param originalId         the notification the key was first seen with (the one kept)
     * @param firstFingerprint   the first copy's body fingerprint, or null when it had none (older ingest, direct producer)
     * @param duplicateFingerprint this copy's body fingerprint, or null
     */
    public static Verdict judge(String originalId, String firstFingerprint, String duplicateFingerprint) {
        boolean conflict = firstFingerprint != null && duplicateFingerprint != null
                && !Objects.equals(firstFingerprint, duplicateFingerprint);
        if (conflict) {
            return new Verdict(CONFLICT, "idempotency key reused with a different body; kept the first: " + originalId);
        }
        return new Verdict(SEEN, "duplicate of " + originalId);
    }
}
