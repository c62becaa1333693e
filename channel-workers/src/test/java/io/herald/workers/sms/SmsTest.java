package io.herald.workers.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiException;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SmsTest {

    @ParameterizedTest(name = "{0} chars of ''{1}'' -> {2}")
    @CsvSource({
            "1, a, 1",
            "160, a, 1",
            "161, a, 2",
            "306, a, 2",
            "307, a, 3",
            "70, é, 1",
            "80, ж, 2",
            "70, ж, 1",
            "80, €, 1",
            "81, €, 2"})
    void countsSegmentsForGsmAndUnicodeTexts(int length, String ch, int segments) {
        assertThat(SmsSegments.count(ch.repeat(length))).isEqualTo(segments);
    }

    @Test
    void anEmptyTextNeedsNoSegment() {
        assertThat(SmsSegments.count("")).isZero();
    }

    @Test
    void twilioSegmentCountWinsOverOurOwnWhenReported() {
        assertThat(TwilioProvider.segments("3", "short")).isEqualTo(3);
        assertThat(TwilioProvider.segments(null, "short")).isEqualTo(1);
    }

    @Test
    void theApiHostIsReplacedByTheConfiguredBaseUrl() {
        HeraldTwilioHttpClient client = new HeraldTwilioHttpClient(URI.create("http://127.0.0.1:9999/"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1);

        assertThat(client.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"))
                .isEqualTo("http://127.0.0.1:9999/2010-04-01/Accounts/AC1/Messages.json");
        assertThat(client.shouldRetry(new com.twilio.http.Response("", 503), new int[] {-500})).isFalse();
        client.close();
    }

    @ParameterizedTest(name = "HTTP {0} with body ''{1}'' gets Twilio''s error format with its status")
    @CsvSource(delimiter = '|', value = {
            "502|<html><body>502 Bad Gateway</body></html>",
            "504|''",
            "429|Too Many Requests",
            "503|{\"oops\": true}"})
    void aNon2xxReplyWithoutTwiliosJsonIsGivenOneCarryingItsStatus(int status, String body) {
        String mapped = new String(HeraldTwilioHttpClient.errorBody(status, body.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(mapped).isEqualTo("{\"code\":null,\"message\":\"HTTP " + status
                + " without a Twilio error body\",\"more_info\":null,\"status\":" + status + "}");
    }

    @Test
    void twiliosOwnErrorsAndSuccessesPassUnchanged() {
        byte[] error = "{\"code\":21211,\"message\":\"bad\",\"status\":400}".getBytes(StandardCharsets.UTF_8);
        byte[] created = "{\"sid\":\"SM1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(HeraldTwilioHttpClient.errorBody(400, error)).isEqualTo(error);
        assertThat(HeraldTwilioHttpClient.errorBody(201, created)).isEqualTo(created);
    }

    @Test
    void apiErrorsKeepStatusAndTwilioCode() {
        ApiException error = new ApiException("The 'To' number is not valid", 21211, null, 400, null, null, null, null);

        assertThat(TwilioFailures.describe(error)).isEqualTo(new Failure.TwilioError(400, 21211, "The 'To' number is not valid"));
    }

    @Test
    void aRefusedConnectionWasNotHandedOverButAReadTimeoutWas() {
        assertThat(TwilioFailures.describe(new ApiException("refused", new ConnectException("refused"))))
                .isEqualTo(new Failure.Io(IoKind.CONNECT_REFUSED, false, "ConnectException"));
        assertThat(TwilioFailures.describe(new ApiException("timeout", new SocketTimeoutException("Read timed out"))))
                .isEqualTo(new Failure.Io(IoKind.READ_TIMEOUT, true, "SocketTimeoutException"));
    }
}
