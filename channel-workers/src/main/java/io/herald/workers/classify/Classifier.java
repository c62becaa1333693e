package io.herald.workers.classify;

import static io.herald.contracts.ErrorClass.PERMANENT;
import static io.herald.contracts.ErrorClass.TRANSIENT;
import static io.herald.contracts.ErrorClass.UNCERTAIN;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.policy.reply.Reply;
import io.herald.policy.reply.ReplyRule;
import io.herald.policy.reply.ReplyRules;
import io.herald.policy.reply.Verdict;
import java.time.Duration;

/**
 * Decides what a failed delivery attempt means: try again (TRANSIENT), slow down and try again
 * (THROTTLED), give up on this message (PERMANENT) or report without resending (UNCERTAIN).
 *
 * <p>Failures without a reply (network, TLS, Herald's own refusal) are guard clauses in the style of okhttp's
 * {@code RetryAndFollowUpInterceptor.recover}, each saying why. A provider's reply is decided by the first
 * matching row of a {@link ReplyRules} table: data, not code, so operators can extend it in configuration
 * ({@code HERALD_REPLY_RULES}) and {@code docs/reply-rules.md} lists it. Pure and stateless.
 */
public final class Classifier {
    private Classifier() {
    }

    /** Classifies one failure on {@code channel} with Herald's default reply rules. */
    public static Classification classify(Channel channel, Failure failure) {
        return classify(ReplyRules.defaults(), channel, failure);
    }

    /** Classifies one failure on {@code channel}; a reply is decided by the first matching rule of {@code rules}. */
    public static Classification classify(ReplyRules rules, Channel channel, Failure failure) {
        if (failure == null) throw new IllegalArgumentException("failure is required");
        if (failure instanceof Failure.Refused refused) return refused(refused);
        if (failure instanceof Failure.Io io) return io(io);
        if (failure instanceof Failure.SmtpReply reply) return smtp(rules, channel, reply);
        if (failure instanceof Failure.TwilioError error) {
            String providerCode = error.code() != null ? "twilio:" + error.code() : "twilio:http-" + error.httpStatus();
            return byRule(rules, new Reply(channel, error.httpStatus(), error.code(), null, error.message()), providerCode, Duration.ZERO);
        }
        if (failure instanceof Failure.HttpStatus status) {
            return byRule(rules, new Reply(channel, status.status(), null, null, ""), "http:" + status.status(), status.retryAfter());
        }
        throw new IllegalArgumentException("unknown failure type " + failure.getClass().getName() + " on " + channel);
    }

    static Classification refused(Failure.Refused refused) {
        // Herald itself declined (unsafe destination, unusable address): no provider and no later try can change that.
        return new Classification(PERMANENT, refused.code(), "refused-by-herald");
    }

    static Classification io(Failure.Io io) {
        // The request was completely handed over and no answer came: the provider may have accepted it, and
        // sending it again could deliver it twice. Report it for reconciliation instead of guessing.
        if (io.handedOver()) return new Classification(UNCERTAIN, io.kind().code(), "no-reply-after-hand-over");
        // A failed TLS handshake (untrusted certificate, name mismatch, STARTTLS not offered) sent nothing, so another
        // provider is safe; but it is a configuration or certificate problem someone must fix, so name it.
        if (io.kind() == IoKind.TLS) return new Classification(TRANSIENT, io.kind().code(), "tls-failure");
        // Nothing was handed over (refused, timed out connecting, dropped before the message was complete):
        // the provider cannot have it, so another provider or a later try is safe.
        return new Classification(TRANSIENT, io.kind().code(), "network-failure-before-hand-over");
    }

    static Classification smtp(ReplyRules rules, Channel channel, Failure.SmtpReply reply) {
        // No parsable code (garbled or empty reply, EOF in the middle of a dialogue): a broken session, not a verdict on the message.
        if (reply.code() < 200) return new Classification(TRANSIENT, "smtp:no-code", "smtp-unparsable-reply");
        return byRule(rules, new Reply(channel, reply.code(), null, reply.enhanced(), reply.text()),
                SmtpStatus.providerCode(reply.code(), reply.text()), Duration.ZERO);
    }

    /** The first matching rule decides; its name is the reason, so every outcome says which rule judged it. */
    static Classification byRule(ReplyRules rules, Reply reply, String providerCode, Duration retryAfter) {
        ReplyRule rule = rules.match(reply);
        return new Classification(errorClass(rule.verdict()), providerCode, reason(rule), rule.verdict(), retryAfter);
    }

    /**
     * The outcome's error class. An outage stays TRANSIENT (the Avro enum has no OUTAGE): the router's health
     * tracking counts transient failures toward DOWN while throttling only degrades, and the reason's
     * {@code outage:} prefix keeps the evidence visible.
     */
    static ErrorClass errorClass(Verdict verdict) {
        return switch (verdict) {
            case THROTTLE -> ErrorClass.THROTTLED;
            case OUTAGE, TRANSIENT -> ErrorClass.TRANSIENT;
            case PERMANENT -> ErrorClass.PERMANENT;
        };
    }

    private static String reason(ReplyRule rule) {
        return rule.verdict() == Verdict.OUTAGE ? Classification.OUTAGE_PREFIX + rule.name() : rule.name();
    }
}
