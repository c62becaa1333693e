package io.herald.compose.sinks;

import io.herald.devkit.twilio.TwilioReply;
import io.herald.devkit.twilio.TwilioRule;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault for the local SMS sink: {@code {"reply":"429","for":"1m"}} or {@code {"reply":"400 21211 Invalid number"}}.
 * A bare status gets Twilio's usual error code (429 → 20429, 500 → 20500, 503 → 20503).
 *
 * @param reply    the Twilio error answered
 * @param duration how long the fault lasts from installation
 * @param every    0: every request gets the reply; n: one in n goes through
 */
public record SmsFault(TwilioReply reply, Duration duration, int every) {
    private static final Pattern REPLY = Pattern.compile("\\s*([45]\\d\\d)(?:\\s+(\\d{5}))?(?:\\s+(.+))?", Pattern.DOTALL);

    /** Reads a fault from a parsed JSON object; fails naming the first bad field. */
    public static SmsFault parse(Map<String, ?> json) {
        SmtpFault.FaultFields.requireKnown(json, "reply", "for", "every");
        String text = SmtpFault.FaultFields.text(json, "reply", null);
        if (text == null || text.isBlank()) throw new FaultSpecException("reply", "is required, e.g. \"429\" or \"503\"");
        Matcher m = REPLY.matcher(text);
        if (!m.matches()) throw new FaultSpecException("reply", "must be an HTTP error status, optionally a Twilio code and a message, was '" + text + "'");
        int status = Integer.parseInt(m.group(1));
        TwilioReply reply;
        if (m.group(2) == null) {
            reply = switch (status) {
                case 429 -> TwilioReply.tooManyRequests();
                case 500 -> TwilioReply.internalServerError();
                case 503 -> TwilioReply.serviceUnavailable();
                default -> TwilioReply.error(status, 20000 + status, m.group(3) == null ? "Scripted by the sink console" : m.group(3).trim());
            };
        } else {
            reply = TwilioReply.error(status, Integer.parseInt(m.group(2)), m.group(3) == null ? "Scripted by the sink console" : m.group(3).trim());
        }
        return new SmsFault(reply, SmtpFault.FaultFields.duration(json), SmtpFault.FaultFields.every(json));
    }

    /** The devkit rule that makes the stub answer so, with its own 1-in-n counter. */
    public TwilioRule toRule() {
        TwilioRule rule = TwilioRule.respond(reply).forNext(duration);
        if (every > 0) {
            AtomicLong seen = new AtomicLong();
            rule = rule.when(r -> seen.incrementAndGet() % every != 0);
        }
        return rule;
    }

    public Map<String, Object> describe() {
        return Map.of("reply", reply.toString(), "for", duration.toString(), "every", every);
    }
}
