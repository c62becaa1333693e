package io.herald.workers.classify;

import java.time.Duration;

/**
 * What went wrong in one delivery attempt, reduced to the facts the {@link Classifier} needs. Adapters
 * turn their library's exceptions into one of these so the decision stays a pure, table-tested function.
 * No variant carries PII: reply texts are providers' words, addresses never appear.
 */
public sealed interface Failure {

    /** An SMTP reply (greeting, MAIL, RCPT, DATA or end-of-data) with a failure code. */
    record SmtpReply(int code, String text) implements Failure {
        public SmtpReply {
            text = text == null ? "" : text.strip();
        }

        /** The enhanced status code (RFC 3463, e.g. {@code 4.3.2}) found in the text, or null: servers put it only there. */
        public String enhanced() {
            return SmtpStatus.enhancedCode(text);
        }
    }

    /** A Twilio REST API error: HTTP status plus Twilio's own error code, when the body carried one. */
    record TwilioError(int httpStatus, Integer code, String message) implements Failure {
    }

    /**
     * A webhook endpoint answered with a non-2xx HTTP status.
     *
     * @param retryAfter the wait its {@code Retry-After} header asked for; zero when it gave none
     */
    record HttpStatus(int status, Duration retryAfter) implements Failure {
        public HttpStatus {
            retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        }

        public HttpStatus(int status) {
            this(status, Duration.ZERO);
        }
    }

    /**
     * A network failure without any reply from the provider.
     *
     * @param handedOver true when the request/message had been completely written before the failure (after the
     *                   SMTP end-of-data dot, after an HTTP request body): the provider may have accepted it
     */
    record Io(IoKind kind, boolean handedOver, String detail) implements Failure {
    }

    /** Herald refused to attempt delivery itself (unsafe destination, unusable address); code like {@code ssrf:link-local}. */
    record Refused(String code, String reason) implements Failure {
    }
}
