package io.herald.devkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.herald.devkit.time.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Twilio Java SDK against the stub: what a Herald SMS worker will see. */
class TwilioStubIT {
  private static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");
  private static final PhoneNumber TO = new PhoneNumber("+15005550006");
  private static final PhoneNumber FROM = new PhoneNumber("+15005550001");

  private final ManualClock clock = ManualClock.at(T0);
  private TwilioStub twilio;
  private TwilioRestClient client;

  @BeforeEach
  void startStub() {
    twilio = TwilioStub.builder().clock(clock).build().start();
    client = clientFor(twilio.accountSid(), twilio.authToken());
  }

  @AfterEach
  void stopStub() {
    twilio.close();
  }

  @Test
  void createdMessageCarriesTheStubsSidAndParsesInTheSdk() {
    Message message = Message.creator(TO, FROM, "Your code is 123456").create(client);

    assertThat(message.getSid()).matches("SM[0-9a-f]{32}");
    assertThat(message.getStatus()).isEqualTo(Message.Status.QUEUED);
    assertThat(message.getAccountSid()).isEqualTo(twilio.accountSid());
    assertThat(message.getTo()).isEqualTo("+15005550006");
    assertThat(message.getNumSegments()).isEqualTo("1");
    assertThat(message.getDateCreated()).isEqualTo(T0.atZone(ZoneOffset.UTC));
    assertThat(twilio.received()).singleElement().satisfies(sms -> {
      assertThat(sms.messageSid()).isEqualTo(message.getSid());
      assertThat(sms.status()).isEqualTo(201);
      assertThat(sms.to()).isEqualTo("+15005550006");
      assertThat(sms.from()).isEqualTo("+15005550001");
      assertThat(sms.body()).isEqualTo("Your code is 123456");
      assertThat(sms.accountSid()).isEqualTo(twilio.accountSid());
      assertThat(sms.receivedAt()).isEqualTo(T0);
    });
  }

  @Test
  void fetchReturnsTheStoredMessage() {
    Message created = Message.creator(TO, FROM, "Hello").create(client);

    Message fetched = Message.fetcher(created.getSid()).fetch(client);

    assertThat(fetched.getSid()).isEqualTo(created.getSid());
    assertThat(fetched.getBody()).isEqualTo("Hello");
  }

  @Test
  void messagingServiceSendIsAcceptedWithoutAFromNumber() {
    Message message = Message.creator(TO, "MG0123456789abcdef0123456789abcdef", "Hello").create(client);

    assertThat(message.getStatus()).isEqualTo(Message.Status.ACCEPTED);
    assertThat(message.getMessagingServiceSid()).isEqualTo("MG0123456789abcdef0123456789abcdef");
    assertThat(twilio.received()).singleElement().extracting(RecordedSms::from).isNull();
  }

  @Test
  void invalidNumberIsAnApiExceptionWithCode21211() {
    twilio.script(TwilioRule.respond(TwilioReply.invalidToNumber()).forTo("+15005550006"));

    ApiException failure = rejected(client);

    assertThat(failure.getCode()).isEqualTo(21211);
    assertThat(failure.getStatusCode()).isEqualTo(400);
    assertThat(failure.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/21211");
    assertThat(twilio.received()).singleElement().extracting(RecordedSms::errorCode).isEqualTo(21211);
  }

  @Test
  void malformedNumberIsRejected21211WithoutAScript() {
    ApiException failure = catchThrowableOfType(
        () -> Message.creator(new PhoneNumber("555-0100"), FROM, "Hi").create(client), ApiException.class);

    assertThat(failure.getCode()).isEqualTo(21211);
  }

  @Test
  void unsubscribedRecipientIsCode21610() {
    twilio.script(TwilioRule.respond(TwilioReply.unsubscribedRecipient()));

    ApiException failure = rejected(client);

    assertThat(failure.getCode()).isEqualTo(21610);
    assertThat(failure.getStatusCode()).isEqualTo(400);
  }

  @Test
  void throttlingIsCode20429AndReachesTheStubExactlyOnce() {
    twilio.enqueue(TwilioReply.tooManyRequests());

    ApiException failure = rejected(client);

    assertThat(failure.getCode()).isEqualTo(20429);
    assertThat(failure.getStatusCode()).isEqualTo(429);
    assertThat(twilio.requestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorIsNotRetriedBehindTheCallersBack() {
    twilio.enqueue(TwilioReply.serviceUnavailable());

    ApiException failure = rejected(client);

    assertThat(failure.getStatusCode()).isEqualTo(503);
    assertThat(twilio.requestCount()).isEqualTo(1);
  }

  @Test
  void queuedRepliesAnswerInOrderThenTheStubCreatesAgain() {
    twilio.enqueue(TwilioReply.tooManyRequests(), TwilioReply.internalServerError());

    catchThrowableOfType(() -> Message.creator(TO, FROM, "1").create(client), ApiException.class);
    catchThrowableOfType(() -> Message.creator(TO, FROM, "2").create(client), ApiException.class);
    Message.creator(TO, FROM, "3").create(client);

    assertThat(twilio.received()).extracting(RecordedSms::status).containsExactly(429, 500, 201);
    assertThat(twilio.scripts()).isEmpty();
  }

  @Test
  void timeWindowedOutageEndsWhenTheWindowCloses() {
    twilio.script(TwilioRule.respond(TwilioReply.serviceUnavailable()).forNext(Duration.ofMinutes(2)));

    catchThrowableOfType(() -> Message.creator(TO, FROM, "during").create(client), ApiException.class);
    clock.advance(Duration.ofMinutes(2));
    Message after = Message.creator(TO, FROM, "after").create(client);

    assertThat(after.getStatus()).isEqualTo(Message.Status.QUEUED);
    assertThat(twilio.received()).extracting(RecordedSms::status).containsExactly(503, 201);
  }

  @Test
  void wrongAuthTokenIsCode20003() {
    TwilioRestClient impostor = clientFor(twilio.accountSid(), "wrong-token");

    ApiException failure = rejected(impostor);

    assertThat(failure.getCode()).isEqualTo(20003);
    assertThat(failure.getStatusCode()).isEqualTo(401);
    assertThat(twilio.created()).isEmpty();
  }

  @Test
  void requestWithoutCredentialsGetsTwiliosJsonError() throws Exception {
    URI messages = URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Messages.json");
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(messages)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("To=%2B15005550006&From=%2B15005550001&Body=Hi"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(response.body()).isEqualTo("{\"code\":20003,\"message\":\"Authenticate\","
        + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
  }

  @Test
  void aGatewayErrorWithoutTwiliosJsonReachesTheClientAsHtmlOrAnEmptyBody() throws Exception {
    twilio.enqueue(TwilioReply.badGatewayHtml(), TwilioReply.gatewayTimeoutEmpty(),
        TwilioReply.tooManyRequestsPlainText());
    URI messages = URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Messages.json");
    HttpRequest post = HttpRequest.newBuilder(messages)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (twilio.accountSid() + ":" + twilio.authToken()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString("To=%2B15005550006&From=%2B15005550001&Body=Hi"))
        .build();
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> html = http.send(post, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> empty = http.send(post, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> plain = http.send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(html.statusCode()).isEqualTo(502);
    assertThat(html.headers().firstValue("Content-Type")).contains("text/html");
    assertThat(html.body()).startsWith("<html>");
    assertThat(empty.statusCode()).isEqualTo(504);
    assertThat(empty.body()).isEmpty();
    assertThat(plain.statusCode()).isEqualTo(429);
    assertThat(plain.body()).isEqualTo("Too Many Requests");
    assertThat(twilio.received()).extracting(RecordedSms::status).containsExactly(502, 504, 429);
    assertThat(twilio.created()).isEmpty();
  }

  private static ApiException rejected(TwilioRestClient sender) {
    ApiException failure =
        catchThrowableOfType(() -> Message.creator(TO, FROM, "Hi").create(sender), ApiException.class);
    assertThat(failure).as("the stub should have rejected the message").isNotNull();
    return failure;
  }

  private TwilioRestClient clientFor(String accountSid, String authToken) {
    return new TwilioRestClient.Builder(accountSid, authToken)
        .httpClient(new StubRoutingHttpClient(twilio.baseUrl(), Duration.ofSeconds(5)))
        .build();
  }
}
