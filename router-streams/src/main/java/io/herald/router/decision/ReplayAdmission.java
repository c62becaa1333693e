package io.herald.router.decision;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a replayed record may be routed again, from what the ledger knows of its notification.
 *
 * <p>A replay exists to release what is waiting: a PARKED notification, or one the ledger never saw
 * (a dead letter replayed from the DLQ). Anything else is either done (a second terminal outcome would
 * break "exactly one terminal state") or already on its way (routing it again sends it twice). An
 * operator re-reading a whole parked topic must not be able to trigger either, so everything else is
 * refused with a rule naming why. UNCERTAIN is special: the provider may or may not have delivered,
 * so only an operator who asked for it explicitly ({@code herald-replay run --resend-uncertain}) may
 * resend it.
 */
public final class ReplayAdmission {
    public static final String RULE_ALREADY_SENT = "already-sent";
    public static final String RULE_ALREADY_EXPIRED = "already-expired";
    /** Prefix of the rule for the other terminal states: {@code already-failed}, {@code already-suppressed}, ... */
    public static final String RULE_ALREADY = "already-";
    public static final String RULE_UNCERTAIN = "uncertain-needs-resend-flag";
    public static final String RULE_NOT_PARKED = "not-parked";

    private ReplayAdmission() {
    }

    /** A refused replay: the rule (for the decision context) and the detail (for the SKIPPED outcome). */
    public record Refusal(String rule, String detail) {
    }

    /**
     * @param state           the ledger's state of the notification (an OutcomeStatus name), or null when the ledger
     *                        does not know it or knows nothing that says where it is
     * @param resendUncertain whether the replay carries the operator's explicit permission to resend an UNCERTAIN one
     * @return empty when the replay may be routed, else why not
     */
    public static Optional<Refusal> refusal(String state, boolean resendUncertain) {
        // Unknown to the ledger: a dead letter that never got routed; replaying it is its first routing.
        if (state == null) return Optional.empty();
        // What a replay is for.
        if ("PARKED".equals(state)) return Optional.empty();
        if ("SENT".equals(state) || "DELIVERED".equals(state)) {
            return refuse(RULE_ALREADY_SENT, RULE_ALREADY_SENT);
        }
        if ("EXPIRED".equals(state)) return refuse(RULE_ALREADY_EXPIRED, RULE_ALREADY_EXPIRED);
        // Done: a second terminal outcome would contradict the first.
        if ("FAILED".equals(state) || "SUPPRESSED".equals(state) || "DUPLICATE".equals(state)) {
            String rule = RULE_ALREADY + state.toLowerCase(Locale.ROOT);
            return refuse(rule, rule);
        }
        // Maybe delivered: resending is the operator's call, never a side effect of re-reading a topic.
        if ("UNCERTAIN".equals(state)) {
            return resendUncertain ? Optional.empty()
                    : refuse(RULE_UNCERTAIN, "uncertain: may have been delivered; resend only with --resend-uncertain");
        }
        // Routed, deferred, in a retry tier, failed over, exhausted: it is on its way, a replay would send it twice.
        return refuse(RULE_NOT_PARKED, "not parked (" + state + ")");
    }

    private static Optional<Refusal> refuse(String rule, String detail) {
        return Optional.of(new Refusal(rule, detail));
    }
}
