package io.herald.workers.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.devkit.twilio.TwilioReply;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.schemas.Samples;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Classification;
import io.herald.workers.classify.Classifier;
import io.herald.workers.classify.Failure;
import io.herald.contracts.DispatchCommand;
import java.net.URI;
import java.time.Instant;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The provider against the devkit Twilio stub when something in front of Twilio answers instead of Twilio. */
class TwilioProviderIT {
    private TwilioStub twilio;
    private TwilioProvider provider;

    @BeforeEach
    void start() {
        twilio = TwilioStub.builder().build().start();
        provider = new TwilioProvider(new TwilioConfig("twilio-it", twilio.accountSid(), twilio.authToken(), "+15005550006",
                null, URI.create(twilio.baseUrl()), 20, 2, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        provider.close();
        twilio.close();
    }

    static Stream<Arguments> repliesWithoutJson() {
        return Stream.of(
                Arguments.of(TwilioReply.badGatewayHtml(), 502, ErrorClass.TRANSIENT),
                Arguments.of(TwilioReply.serviceUnavailableHtml(), 503, ErrorClass.TRANSIENT),
                Arguments.of(TwilioReply.gatewayTimeoutEmpty(), 504, ErrorClass.TRANSIENT),
                Arguments.of(TwilioReply.tooManyRequestsPlainText(), 429, ErrorClass.THROTTLED));
    }

    @ParameterizedTest(name = "{0} is classified by its status {1} as {2}, not as an uncertain hand-over")
    @MethodSource("repliesWithoutJson")
    void aReplyWithoutTwiliosJsonIsClassifiedByItsHttpStatus(TwilioReply reply, int status, ErrorClass expected) {
        twilio.enqueue(reply);

        AttemptResult result = provider.send(command());

        assertThat(result).isInstanceOfSatisfying(AttemptResult.Failed.class, failed -> {
            assertThat(failed.failure()).isInstanceOfSatisfying(Failure.TwilioError.class,
                    error -> assertThat(error.httpStatus()).isEqualTo(status));
            Classification verdict = Classifier.classify(Channel.SMS, failed.failure());
            assertThat(verdict.errorClass()).isEqualTo(expected);
            assertThat(verdict.providerCode()).isEqualTo("twilio:http-" + status);
        });
        assertThat(twilio.requestCount()).isEqualTo(1);
    }

    @Test
    void aTwilioJsonErrorKeepsItsTwilioCode() {
        twilio.enqueue(TwilioReply.serviceUnavailable());

        AttemptResult result = provider.send(command());

        assertThat(result).isEqualTo(new AttemptResult.Failed(new Failure.TwilioError(503, 20503, "Service Unavailable")));
    }

    private static DispatchCommand command() {
        DispatchCommand command = Samples.dispatch(Samples.otp("acme", "k-sms", Instant.now()), Channel.SMS, "twilio-it");
        command.setAddress("+14155550100");
        return command;
    }
}
