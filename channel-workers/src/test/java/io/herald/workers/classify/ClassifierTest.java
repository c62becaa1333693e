package io.herald.workers.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.policy.reply.ReplyRules;
import io.herald.policy.reply.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassifierTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // SMTP: Exchange Online's outage reply is outage evidence (TRANSIENT, counted toward DOWN), not throttling
                row(Channel.EMAIL, smtp(451, "4.3.2 Temporary server error. Please try again later"), ErrorClass.TRANSIENT, "451 4.3.2",
                        "outage:exchange-temporary-server-error"),
                row(Channel.EMAIL, smtp(421, "4.3.2 Service not available, closing transmission channel"), ErrorClass.TRANSIENT, "421 4.3.2",
                        "outage:smtp-system-not-accepting"),
                // SMTP: throttling
                row(Channel.EMAIL, smtp(421, "4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel"),
                        ErrorClass.THROTTLED, "421 4.3.2", "exchange-concurrent-connections"),
                row(Channel.EMAIL, smtp(432, "4.3.2 STOREDRV.Deliver; recipient thread limit exceeded"), ErrorClass.THROTTLED, "432 4.3.2",
                        "exchange-thread-limit"),
                row(Channel.EMAIL, smtp(421, "4.7.0 Too many connections from your IP, closing"), ErrorClass.THROTTLED, "421 4.7.0", "smtp-rate-limit"),
                row(Channel.EMAIL, smtp(421, "4.7.28 Our system has detected an unusual rate of unsolicited mail"), ErrorClass.THROTTLED, "421 4.7.28", "gmail-unusual-rate"),
                row(Channel.EMAIL, smtp(451, "4.7.500 Server busy. Please try again later"), ErrorClass.THROTTLED, "451 4.7.500", "exchange-server-busy"),
                row(Channel.EMAIL, smtp(421, "Connection limit exceeded"), ErrorClass.THROTTLED, "421", "smtp-rate-limit"),
                // SMTP: transient
                row(Channel.EMAIL, smtp(421, "4.4.2 Service not available, closing transmission channel"), ErrorClass.TRANSIENT, "421 4.4.2", "smtp-4xx"),
                row(Channel.EMAIL, smtp(450, "4.2.1 Mailbox temporarily unavailable"), ErrorClass.TRANSIENT, "450 4.2.1", "smtp-4xx"),
                row(Channel.EMAIL, smtp(452, "4.3.1 Insufficient system storage"), ErrorClass.TRANSIENT, "452 4.3.1", "smtp-4xx"),
                row(Channel.EMAIL, smtp(-1, "[EOF]"), ErrorClass.TRANSIENT, "smtp:no-code", "smtp-unparsable-reply"),
                row(Channel.EMAIL, smtp(535, "5.7.8 Authentication credentials invalid"), ErrorClass.TRANSIENT, "535 5.7.8", "smtp-provider-authentication"),
                row(Channel.EMAIL, smtp(554, "5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org"), ErrorClass.TRANSIENT, "554 5.7.1", "smtp-provider-reputation"),
                row(Channel.EMAIL, smtp(552, "5.5.3 Too many recipients"), ErrorClass.TRANSIENT, "552 5.5.3", "smtp-too-many-recipients"),
                // SMTP: permanent
                row(Channel.EMAIL, smtp(550, "5.1.1 The email account that you tried to reach does not exist"), ErrorClass.PERMANENT, "550 5.1.1", "smtp-5xx"),
                row(Channel.EMAIL, smtp(552, "5.2.2 Mailbox full"), ErrorClass.PERMANENT, "552 5.2.2", "smtp-5xx"),
                row(Channel.EMAIL, smtp(553, "5.1.3 Invalid address"), ErrorClass.PERMANENT, "553 5.1.3", "smtp-5xx"),
                row(Channel.EMAIL, smtp(554, "5.7.1 Message rejected due to content"), ErrorClass.PERMANENT, "554 5.7.1", "smtp-5xx"),
                // Network
                row(Channel.EMAIL, new Failure.Io(IoKind.CONNECT_REFUSED, false, null), ErrorClass.TRANSIENT, "io:connect-refused", "network-failure-before-hand-over"),
                row(Channel.EMAIL, new Failure.Io(IoKind.CONNECT_TIMEOUT, false, null), ErrorClass.TRANSIENT, "io:connect-timeout", "network-failure-before-hand-over"),
                row(Channel.EMAIL, new Failure.Io(IoKind.READ_TIMEOUT, false, null), ErrorClass.TRANSIENT, "io:read-timeout", "network-failure-before-hand-over"),
                row(Channel.EMAIL, new Failure.Io(IoKind.TLS, false, "starttls-not-offered"), ErrorClass.TRANSIENT, "io:tls", "tls-failure"),
                row(Channel.EMAIL, new Failure.Io(IoKind.READ_TIMEOUT, true, null), ErrorClass.UNCERTAIN, "io:read-timeout", "no-reply-after-hand-over"),
                row(Channel.EMAIL, new Failure.Io(IoKind.CONNECTION_CLOSED, true, null), ErrorClass.UNCERTAIN, "io:connection-closed", "no-reply-after-hand-over"),
                row(Channel.SMS, new Failure.Io(IoKind.READ_TIMEOUT, true, null), ErrorClass.UNCERTAIN, "io:read-timeout", "no-reply-after-hand-over"),
                row(Channel.WEBHOOK, new Failure.Io(IoKind.CONNECT_TIMEOUT, false, null), ErrorClass.TRANSIENT, "io:connect-timeout", "network-failure-before-hand-over"),
                // Twilio
                row(Channel.SMS, twilio(429, 20429), ErrorClass.THROTTLED, "twilio:20429", "twilio-rate-limit"),
                row(Channel.SMS, twilio(429, null), ErrorClass.THROTTLED, "twilio:http-429", "twilio-rate-limit"),
                row(Channel.SMS, twilio(400, 20429), ErrorClass.THROTTLED, "twilio:20429", "twilio-rate-limit"),
                row(Channel.SMS, twilio(503, null), ErrorClass.TRANSIENT, "twilio:http-503", "twilio-5xx"),
                row(Channel.SMS, twilio(500, 20500), ErrorClass.TRANSIENT, "twilio:20500", "twilio-5xx"),
                row(Channel.SMS, twilio(400, 21211), ErrorClass.PERMANENT, "twilio:21211", "twilio-recipient-rejected"),
                row(Channel.SMS, twilio(400, 21614), ErrorClass.PERMANENT, "twilio:21614", "twilio-recipient-rejected"),
                row(Channel.SMS, twilio(400, 21610), ErrorClass.PERMANENT, "twilio:21610", "twilio-recipient-rejected"),
                row(Channel.SMS, twilio(401, 20003), ErrorClass.TRANSIENT, "twilio:20003", "twilio-account-problem"),
                row(Channel.SMS, twilio(400, 21602), ErrorClass.PERMANENT, "twilio:21602", "twilio-4xx"),
                // Webhook
                row(Channel.WEBHOOK, new Failure.HttpStatus(408), ErrorClass.TRANSIENT, "http:408", "http-request-timeout"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(429), ErrorClass.THROTTLED, "http:429", "http-rate-limit"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(500), ErrorClass.TRANSIENT, "http:500", "http-5xx"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(503), ErrorClass.TRANSIENT, "http:503", "http-5xx"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(400), ErrorClass.PERMANENT, "http:400", "http-4xx"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(404), ErrorClass.PERMANENT, "http:404", "http-4xx"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(410), ErrorClass.PERMANENT, "http:410", "http-4xx"),
                row(Channel.WEBHOOK, new Failure.HttpStatus(302), ErrorClass.PERMANENT, "http:302", "http-redirect-not-followed"),
                row(Channel.WEBHOOK, new Failure.Refused("ssrf:link-local", "metadata"), ErrorClass.PERMANENT, "ssrf:link-local", "refused-by-herald"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3} by {4}")
    @MethodSource("table")
    void classifiesEveryKnownFailureNamingTheRuleThatDecided(Channel channel, Failure failure, ErrorClass expected, String code, String reason) {
        Classification verdict = Classifier.classify(channel, failure);

        assertThat(verdict.errorClass()).isEqualTo(expected);
        assertThat(verdict.providerCode()).isEqualTo(code);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    @Test
    void theOutageReplyIsMarkedAsOutageEvidenceAndThrottlingIsNot() {
        Classification outage = Classifier.classify(Channel.EMAIL, smtp(451, "4.3.2 Temporary server error. Please try again later"));
        Classification throttled = Classifier.classify(Channel.EMAIL, smtp(432, "4.3.2 concurrent connection limit exceeded"));

        assertThat(outage.outage()).isTrue();
        assertThat(outage.verdict()).isEqualTo(Verdict.OUTAGE);
        assertThat(throttled.outage()).isFalse();
        assertThat(throttled.errorClass()).isEqualTo(ErrorClass.THROTTLED);
    }

    @Test
    void anOperatorsRuleDecidesBeforeTheDefaults() {
        ReplyRules rules = ReplyRules.defaults().withOperatorRules(ReplyRules.parse("HERALD_REPLY_RULES",
                "email | 451 | 4.3.2 | temporary server error | throttle | we-know-better ; webhook | 409 | * | * | transient | conflict-retry"));

        Classification exchange = Classifier.classify(rules, Channel.EMAIL, smtp(451, "4.3.2 Temporary server error. Please try again later"));
        Classification conflict = Classifier.classify(rules, Channel.WEBHOOK, new Failure.HttpStatus(409));

        assertThat(exchange.errorClass()).isEqualTo(ErrorClass.THROTTLED);
        assertThat(exchange.reason()).isEqualTo("we-know-better");
        assertThat(conflict.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(conflict.reason()).isEqualTo("conflict-retry");
        assertThat(Classifier.classify(Channel.WEBHOOK, new Failure.HttpStatus(409)).errorClass()).isEqualTo(ErrorClass.PERMANENT);
    }

    @Test
    void aRetryAfterTheEndpointGaveIsCarriedInTheClassification() {
        Classification limited = Classifier.classify(Channel.WEBHOOK, new Failure.HttpStatus(429, Duration.ofSeconds(30)));

        assertThat(limited.errorClass()).isEqualTo(ErrorClass.THROTTLED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Classifier.classify(Channel.WEBHOOK, new Failure.HttpStatus(429)).retryAfter()).isZero();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-01-22T19:33:00Z");

        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Thu, 22 Jan 2026 19:34:30 GMT", now)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Thu, 22 Jan 2026 19:00:00 GMT", now)).isZero();
        assertThat(RetryAfter.parse("soon", now)).isZero();
        assertThat(RetryAfter.parse(null, now)).isZero();
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

    private static Arguments row(Channel channel, Failure failure, ErrorClass expected, String code, String reason) {
        return Arguments.of(channel, failure, expected, code, reason);
    }

    private static Failure smtp(int code, String text) {
        return new Failure.SmtpReply(code, text);
    }

    private static Failure twilio(int status, Integer code) {
        return new Failure.TwilioError(status, code, "message");
    }
}
