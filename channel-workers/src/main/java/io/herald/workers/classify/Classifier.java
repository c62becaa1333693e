package io.herald.workers.classify;

import static io.herald.contracts.ErrorClass.PERMANENT;
import static io.herald.contracts.ErrorClass.THROTTLED;
import static io.herald.contracts.ErrorClass.TRANSIENT;
import static io.herald.contracts.ErrorClass.UNCERTAIN;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides what a failed delivery attempt means: try again (TRANSIENT), slow down and try again
 * (THROTTLED), give up on this message (PERMANENT) or report without resending (UNCERTAIN).
 *
 * <p>Written as guard clauses in the style of okhttp's {@code RetryAndFollowUpInterceptor.recover}: each
 * rule says why it exists. The order matters: earlier rules win. Pure and stateless.
 */
public final class Classifier {
    /** Twilio codes that are the recipient's fault: invalid number, not a mobile number, recipient replied STOP. */
    static final Set<Integer> TWILIO_PERMANENT = Set.of(21211, 21614, 21610, 21408, 21612, 21217);
    /** Twilio's "too many requests" error code, sometimes sent with a 400 status behind proxies. */
    static final int TWILIO_TOO_MANY_REQUESTS = 20429;
    /** Twilio authentication failure: our credentials, not the recipient. */
    static final int TWILIO_AUTH = 20003;

    private static final Pattern THROTTLE_TEXT = Pattern.compile(
            "too many (connections|messages|recipients|concurrent)|connection limit|rate limit|rate of"
                    + "|ratelimit|throttl|try again later|server busy|too busy|thread limit|limit exceeded"
                    + "|exceeded.{0,20}(rate|limit)|slow down|deferred due to");
    private static final Pattern PROVIDER_REPUTATION = Pattern.compile(
            "blocklist|blacklist|block list|black list|blocked using|spamhaus|listed at|ip reputation");
    private static final Pattern TOO_MANY_RECIPIENTS = Pattern.compile("too many recipients");

    private Classifier() {
    }

    /** Classifies one failure on {@code channel}. */
    public static Classification classify(Channel channel, Failure failure) {
        if (failure == null) throw new IllegalArgumentException("failure is required");
        if (failure instanceof Failure.Refused refused) return refused(refused);
        if (failure instanceof Failure.Io io) return io(io);
        if (failure instanceof Failure.SmtpReply reply) return smtp(reply);
        if (failure instanceof Failure.TwilioError error) return twilio(error);
        if (failure instanceof Failure.HttpStatus status) return http(status);
        throw new IllegalArgumentException("unknown failure type " + failure.getClass().getName() + " on " + channel);
    }

    static Classification refused(Failure.Refused refused) {
        // Herald itself declined (unsafe destination, unusable address): no provider and no later try can change that.
        return verdict(PERMANENT, refused.code(), "refused-by-herald");
    }

    static Classification io(Failure.Io io) {
        // The request was completely handed over and no answer came: the provider may have accepted it, and
        // sending it again could deliver it twice. Report it for reconciliation instead of guessing.
        if (io.handedOver()) return verdict(UNCERTAIN, io.kind().code(), "no-reply-after-hand-over");
        // A failed TLS handshake (untrusted certificate, name mismatch, STARTTLS not offered) sent nothing, so another
        // provider is safe; but it is a configuration or certificate problem someone must fix, so name it.
        if (io.kind() == IoKind.TLS) return verdict(TRANSIENT, io.kind().code(), "tls-failure");
        // Nothing was handed over (refused, timed out connecting, dropped before the message was complete):
        // the provider cannot have it, so another provider or a later try is safe.
        return verdict(TRANSIENT, io.kind().code(), "network-failure-before-hand-over");
    }

    static Classification smtp(Failure.SmtpReply reply) {
        int code = reply.code();
        String text = reply.text().toLowerCase(Locale.ROOT);
        String enhanced = reply.enhanced();
        String providerCode = code > 0 ? SmtpStatus.providerCode(code, reply.text()) : "smtp:no-code";
        // No parsable code (garbled or empty reply, EOF in the middle of a dialogue): a broken session, not a verdict on the message.
        if (code < 200) return verdict(TRANSIENT, providerCode, "smtp-unparsable-reply");
        // 4.3.2 (system not accepting messages: Exchange's connection and thread limits) is the server asking us to back off.
        if (code / 100 == 4 && "4.3.2".equals(enhanced)) return verdict(THROTTLED, providerCode, "smtp-4.3.2-back-off");
        // 421/432/450/451/452 with a rate or connection-limit text (Gmail 4.7.0/4.7.28, Office 365 4.7.500) is pacing, not failure.
        if (code / 100 == 4 && THROTTLE_TEXT.matcher(text).find()) return verdict(THROTTLED, providerCode, "smtp-rate-limit");
        // Every other 4xx is by definition a transient negative completion: try again.
        if (code / 100 == 4) return verdict(TRANSIENT, providerCode, "smtp-4xx");
        // 530/535/5.7.8: the provider rejected OUR credentials; the recipient is fine and another provider may work.
        if (code == 530 || code == 535 || code == 534 || "5.7.8".equals(enhanced)
                || ("5.7.0".equals(enhanced) && text.contains("auth"))) {
            return verdict(TRANSIENT, providerCode, "smtp-provider-authentication");
        }
        // Our sending IP is on a block list: a property of this provider's IPs, another provider may get through.
        if (code / 100 == 5 && PROVIDER_REPUTATION.matcher(text).find()) return verdict(TRANSIENT, providerCode, "smtp-provider-reputation");
        // RFC 5321 4.5.3.1.10: "too many recipients" must be treated as temporary even when sent as 552.
        if (code == 552 && TOO_MANY_RECIPIENTS.matcher(text).find()) return verdict(TRANSIENT, providerCode, "smtp-too-many-recipients");
        // Some servers answer 5xx to say "rate limited" (e.g. 550 5.7.1 ... rate); it is still pacing.
        if (code / 100 == 5 && text.contains("rate limit")) return verdict(THROTTLED, providerCode, "smtp-5xx-rate-limit");
        // Any other 5xx (550 5.1.1 no such user, 552 5.2.2 mailbox full, 553 bad address, 554 policy) is a permanent verdict.
        if (code / 100 == 5) return verdict(PERMANENT, providerCode, "smtp-5xx");
        // A 2xx/3xx reported as failure means the dialogue went out of step: start over.
        return verdict(TRANSIENT, providerCode, "smtp-unexpected-reply");
    }

    static Classification twilio(Failure.TwilioError error) {
        Integer code = error.code();
        int status = error.httpStatus();
        String providerCode = code != null ? "twilio:" + code : "twilio:http-" + status;
        // 429 and 20429 are Twilio's queue/rate limits: slow down and retry.
        if (status == 429 || Integer.valueOf(TWILIO_TOO_MANY_REQUESTS).equals(code)) {
            return verdict(THROTTLED, providerCode, "twilio-rate-limit");
        }
        // Invalid number, landline, unsubscribed (STOP), unreachable region: the recipient's state, not ours; retrying annoys or costs.
        if (code != null && TWILIO_PERMANENT.contains(code)) return verdict(PERMANENT, providerCode, "twilio-recipient-rejected");
        // Twilio-side errors are temporary by contract.
        if (status >= 500) return verdict(TRANSIENT, providerCode, "twilio-5xx");
        // Bad credentials or suspended account: Herald's configuration, never the message; keep it for after the fix.
        if (status == 401 || status == 403 || Integer.valueOf(TWILIO_AUTH).equals(code)) {
            return verdict(TRANSIENT, providerCode, "twilio-account-problem");
        }
        // Any other 4xx means this exact request will never succeed.
        if (status >= 400) return verdict(PERMANENT, providerCode, "twilio-4xx");
        return verdict(TRANSIENT, providerCode, "twilio-unexpected-status");
    }

    static Classification http(Failure.HttpStatus status) {
        int s = status.status();
        String providerCode = "http:" + s;
        // 429: the receiver asks us to slow down.
        if (s == 429) return verdict(THROTTLED, providerCode, "http-rate-limit");
        // 408: the receiver timed out reading our request; it did not process it.
        if (s == 408) return verdict(TRANSIENT, providerCode, "http-request-timeout");
        // 5xx: the receiver failed; it may work later.
        if (s >= 500) return verdict(TRANSIENT, providerCode, "http-5xx");
        // 3xx: redirects are not followed (a redirect could point anywhere, including inside our network); fix the URL.
        if (s >= 300 && s < 400) return verdict(PERMANENT, providerCode, "http-redirect-not-followed");
        // Other 4xx: the endpoint rejects this payload or does not exist; resending the same bytes will not help.
        if (s >= 400) return verdict(PERMANENT, providerCode, "http-4xx");
        return verdict(TRANSIENT, providerCode, "http-unexpected-status");
    }

    private static Classification verdict(ErrorClass errorClass, String providerCode, String reason) {
        return new Classification(errorClass, providerCode, reason);
    }
}
