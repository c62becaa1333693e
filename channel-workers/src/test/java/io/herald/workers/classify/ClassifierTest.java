package io.herald.workers.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassifierTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // SMTP: throttling
                row(Channel.EMAIL, smtp(451, "4.3.2 Temporary server error. Please try again later"), ErrorClass.THROTTLED, "451 4.3.2"),
                row(Channel.EMAIL, smtp(432, "4.3.2 STOREDRV.Deliver; recipient thread limit exceeded"), ErrorClass.THROTTLED, "432 4.3.2"),
                row(Channel.EMAIL, smtp(421, "4.7.0 Too many connections from your IP, closing"), ErrorClass.THROTTLED, "421 4.7.0"),
                row(Channel.EMAIL, smtp(421, "4.7.28 Our system has detected an unusual rate of unsolicited mail"), ErrorClass.THROTTLED, "421 4.7.28"),
                row(Channel.EMAIL, smtp(451, "4.7.500 Server busy. Please try again later"), ErrorClass.THROTTLED, "451 4.7.500"),
                row(Channel.EMAIL, smtp(421, "Connection limit exceeded"), ErrorClass.THROTTLED, "421"),
                // SMTP: transient
                row(Channel.EMAIL, smtp(421, "4.4.2 Service not available, closing transmission channel"), ErrorClass.TRANSIENT, "421 4.4.2"),
                row(Channel.EMAIL, smtp(450, "4.2.1 Mailbox temporarily unavailable"), ErrorClass.TRANSIENT, "450 4.2.1"),
                row(Channel.EMAIL, smtp(452, "4.3.1 Insufficient system storage"), ErrorClass.TRANSIENT, "452 4.3.1"),
                row(Channel.EMAIL, smtp(-1, "[EOF]"), ErrorClass.TRANSIENT, "smtp:no-code"),
                row(Channel.EMAIL, smtp(535, "5.7.8 Authentication credentials invalid"), ErrorClass.TRANSIENT, "535 5.7.8"),
                row(Channel.EMAIL, smtp(554, "5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org"), ErrorClass.TRANSIENT, "554 5.7.1"),
                row(Channel.EMAIL, smtp(552, "5.5.3 Too many recipients"), ErrorClass.TRANSIENT, "552 5.5.3"),
                // SMTP: permanent
                row(Channel.EMAIL, smtp(550, "5.1.1 The email account that you tried to reach does not exist"), ErrorClass.PERMANENT, "550 5.1.1"),
                row(Channel.EMAIL, smtp(552, "5.2.2 Mailbox full"), ErrorClass.PERMANENT, "552 5.2.2"),
                row(Channel.EMAIL, smtp(553, "5.1.3 Invalid address"), ErrorClass.PERMANENT, "553 5.1.3"),
                row(Channel.EMAIL, smtp(554, "5.7.1 Message rejected due to content"), ErrorClass.PERMANENT, "554 5.7.1"),
                // Network
                row(Channel.EMAIL, new Failure.Io(IoKind.CONNECT_REFUSED, false, null), ErrorClass.TRANSIENT, "io:connect-refused"),
                row(Channel.EMAIL, new Failure.Io(IoKind.CONNECT_TIMEOUT, false, null), ErrorClass.TRANSIENT, "io:connect-timeout"),
                row(Channel.EMAIL, new Failure.Io(IoKind.READ_TIMEOUT, false, null), ErrorClass.TRANSIENT, "io:read-timeout"),
                row(Channel.EMAIL, new Failure.Io(IoKind.TLS, false, "starttls-not-offered"), ErrorClass.TRANSIENT, "io:tls"),
                row(Channel.EMAIL, new Failure.Io(IoKind.READ_TIMEOUT, true, null), ErrorClass.UNCERTAIN, "io:read-timeout"),
                row(Channel.EMAIL, new Failure.Io(IoKind.CONNECTION_CLOSED, true, null), ErrorClass.UNCERTAIN, "io:connection-closed"),
                row(Channel.SMS, new Failure.Io(IoKind.READ_TIMEOUT, true, null), ErrorClass.UNCERTAIN, "io:read-timeout"),
                row(Channel.WEBHOOK, new Failure.Io(IoKind.CONNECT_TIMEOUT, false, null), ErrorClass.TRANSIENT, "io:connect-timeout"),
                // Twilio
                row(Channel.SMS, twilio(429, 20429), ErrorClass.THROTTLED, "twilio:20429"),
                row(Channel.SMS, twilio(429, null), ErrorClass.THROTTLED, "twilio:http-429"),
                row(Channel.SMS, twilio(400, 20429), ErrorClass.THROTTLED, "twilio:20429"),
                row(Channel.SMS, twilio(503, null), ErrorClass.TRANSIENT, "twilio:http-503"),
                row(Channel.SMS, twilio(500, 20500), ErrorClass.TRANSIENT, "twilio:20500"),
                row(Channel.SMS, twilio(400, 21211), ErrorClass.PERMANENT, "twilio:21211"),
                row(Channel.SMS, twilio(400, 21614), ErrorClass.PERMANENT, "twilio:21614"),
                row(Channel.SMS, twilio(400, 21610), ErrorClass.PERMANENT, "twilio:21610"),
                row(Channel.SMS, twilio(401, 20003), ErrorClass.TRANSIENT, "twilio:20003"),
                row(Channel.SMS, twilio(400, 21602), ErrorClass.PERMANENT, "twilio:21602"),
                // Webhook
                row(Channel.WEBHOOK, new Failure.HttpStatus(408), ErrorClass.TRANSIENT, "http:408"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(429), ErrorClass.THROTTLED, "http:429"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(500), ErrorClass.TRANSIENT, "http:500"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(503), ErrorClass.TRANSIENT, "http:503"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(400), ErrorClass.PERMANENT, "http:400"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(404), ErrorClass.PERMANENT, "http:404"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(410), ErrorClass.PERMANENT, "http:410"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(302), ErrorClass.PERMANENT, "http:302"),
                row(Channel.WEBHOOK, new Failure.Refused("ssrf:link-local", "metadata"), ErrorClass.PERMANENT, "ssrf:link-local"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("table")
    void classifiesEveryKnownFailure(Channel channel, Failure failure, ErrorClass expected, String code) {
        Classification verdict = Classifier.classify(channel, failure);

        assertThat(verdict.errorClass()).isEqualTo(expected);
        assertThat(verdict.providerCode()).isEqualTo(code);
    }

    @Test
    void throttlingAndTransientFailuresAreRetryableButPermanentAndUncertainAreNot() {
        assertThat(Classifier.classify(Channel.EMAIL, smtp(451, "4.3.2 busy")).retryable()).isTrue();
        assertThat(Classifier.classify(Channel.EMAIL, smtp(450, "4.2.1 later")).retryable()).isTrue();
        assertThat(Classifier.classify(Channel.EMAIL, smtp(550, "5.1.1 unknown")).retryable()).isFalse();
        assertThat(Classifier.classify(Channel.EMAIL, new Failure.Io(IoKind.READ_TIMEOUT, true, null)).retryable()).isFalse();
    }

    @Test
    void aFailedTlsHandshakeIsNamedSoSomeoneFixesTheTrustOrTheCertificate() {
        assertThat(Classifier.classify(Channel.EMAIL, new Failure.Io(IoKind.TLS, false, "tls")).reason()).isEqualTo("tls-failure");
        assertThat(Classifier.classify(Channel.EMAIL, new Failure.Io(IoKind.CONNECT_REFUSED, false, null)).reason())
                .isEqualTo("network-failure-before-hand-over");
    }

    @Test
    void findsTheReplyCodeInsideJakartaMailsBadGreetingMessage() {
        String message = "Got bad greeting from SMTP host: 127.0.0.1, port: 2525, response: 421 4.7.0 Too many connections";

        assertThat(SmtpStatus.replyCodeIn(message)).isEqualTo(421);
        assertThat(SmtpStatus.replyTextIn(message)).isEqualTo("421 4.7.0 Too many connections");
        assertThat(SmtpStatus.enhancedCode(message)).isEqualTo("4.7.0");
    }

    @Test
    void doesNotMistakeAnIpAddressForAnEnhancedStatusCode() {
        assertThat(SmtpStatus.enhancedCode("550 blocked: 10.4.3.2 listed")).isNull();
    }

    private static Arguments row(Channel channel, Failure failure, ErrorClass expected, String code) {
        return Arguments.of(channel, failure, expected, code);
    }

    private static Failure smtp(int code, String text) {
        return new Failure.SmtpReply(code, text);
    }

    private static Failure twilio(int status, Integer code) {
        return new Failure.TwilioError(status, code, "message");
    }
}
