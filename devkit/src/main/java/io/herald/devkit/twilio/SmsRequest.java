package io.herald.devkit.twilio;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A create-message request as the {@link TwilioStub} received it ({@code POST …/Messages.json}). Absent
 * form fields are {@code null}; {@link #param(String)} reaches any other field.
 *
 * @param accountSid the account in the request path
 * @param to the {@code To} field
 * @param from the {@code From} field
 * @param messagingServiceSid the {@code MessagingServiceSid} field
 * @param body the {@code Body} field
 * @param statusCallback the {@code StatusCallback} field
 * @param params every form field with all its values
 * @param receivedAt when the stub's clock saw the request
 */
public record SmsRequest(
    String accountSid,
    String to,
    String from,
    String messagingServiceSid,
    String body,
    String statusCallback,
    Map<String, List<String>> params,
    Instant receivedAt) {

  public SmsRequest {
    params = Map.copyOf(params);
  }

  /** The first value of form field {@code name}. */
  public Optional<String> param(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public String toString() {
    // Phone numbers and message text are personal data: keep them out of logs and test output.
    return "SmsRequest[account=" + accountSid + ", fields=" + params.keySet() + ", receivedAt=" + receivedAt + "]";
  }
}
