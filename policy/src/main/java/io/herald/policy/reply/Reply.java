package io.herald.policy.reply;

import io.herald.contracts.Channel;
import java.util.Objects;

/**
 * The facts of one provider reply that reply rules look at. No PII: reply texts are the provider's words.
 *
 * @param channel   the channel the attempt was made on
 * @param code      the reply code: SMTP reply code ({@code 451}) or HTTP status ({@code 429})
 * @param errorCode the provider's own error code when it has one besides the status (Twilio's {@code 20429}), else null
 * @param enhanced  the RFC 3463 enhanced status code ({@code 4.3.2}), or null
 * @param text      the reply text, or empty
 */
public record Reply(Channel channel, int code, Integer errorCode, String enhanced, String text) {
    public Reply {
        Objects.requireNonNull(channel, "channel");
        text = text == null ? "" : text;
    }

    /** An SMTP reply; {@code enhanced} as found in the text, or null. */
    public static Reply smtp(int code, String enhanced, String text) {
        return new Reply(Channel.EMAIL, code, null, enhanced, text);
    }

    /** A Twilio REST API error: HTTP status plus Twilio's error code when the body carried one. */
    public static Reply twilio(int httpStatus, Integer errorCode, String message) {
        return new Reply(Channel.SMS, httpStatus, errorCode, null, message);
    }

    /** A webhook endpoint's non-2xx HTTP status. */
    public static Reply http(int status) {
        return new Reply(Channel.WEBHOOK, status, null, null, "");
    }
}
