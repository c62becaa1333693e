package io.herald.devkit.twilio;

import java.time.Instant;

/**
 * A create-message request the {@link TwilioStub} received and how it answered, including rejected ones
 * (wrong credentials, validation errors, scripted errors).
 *
 * @param request what the client sent
 * @param status the HTTP status the stub answered
 * @param errorCode the Twilio error code answered, or {@code null} on success
 * @param messageSid the created message's sid, or {@code null} when none was created
 */
public record RecordedSms(SmsRequest request, int status, Integer errorCode, String messageSid) {

  /** The {@code To} number. */
  public String to() {
    return request.to();
  }

  /** The {@code From} number. */
  public String from() {
    return request.from();
  }

  /** The message text. */
  public String body() {
    return request.body();
  }

  /** The account in the request path. */
  public String accountSid() {
    return request.accountSid();
  }

  /** When the stub received the request. */
  public Instant receivedAt() {
    return request.receivedAt();
  }

  @Override
  public String toString() {
    return "RecordedSms[status=" + status + ", errorCode=" + errorCode + ", sid=" + messageSid + ", " + request + "]";
  }
}
