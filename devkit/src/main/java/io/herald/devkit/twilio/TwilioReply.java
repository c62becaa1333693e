package io.herald.devkit.twilio;

/**
 * One answer the {@link TwilioStub} can give to a create-message request: {@code 201} with a queued
 * message, or an HTTP error carrying a Twilio error code in Twilio's JSON error format
 * ({@code {"code":21211,"message":"…","more_info":"https://www.twilio.com/docs/errors/21211","status":400}}).
 *
 * <p>It can also answer the way the infrastructure in front of Twilio does when Twilio itself does not
 * answer: a load balancer's HTML page, an empty body, a plain-text 429 ({@link #withoutJson}). The SDK
 * cannot parse those as a Twilio error, which is exactly what a client must survive.
 *
 * @param status the HTTP status
 * @param code the Twilio error code, or {@code null} for success and for replies without a Twilio body
 * @param message the error message, or {@code null} for success and for replies without a Twilio body
 * @param rawBody when not null, the literal body sent instead of Twilio's JSON (may be empty), with
 *     {@code contentType}
 * @param contentType the content type of {@code rawBody}, or {@code null} for none
 */
public record TwilioReply(int status, Integer code, String message, String rawBody, String contentType) {
  private static final TwilioReply CREATED = new TwilioReply(201, null, null);

  public TwilioReply {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status 200-599: " + status);
    }
    if (status >= 400 && rawBody == null && (code == null || message == null)) {
      throw new IllegalArgumentException("an error reply needs a Twilio code and a message: " + status);
    }
    if (rawBody != null && status < 400) {
      throw new IllegalArgumentException("only an error reply may have a raw body: " + status);
    }
  }

  /** A reply with Twilio's JSON body. */
  public TwilioReply(int status, Integer code, String message) {
    this(status, code, message, null, null);
  }

  /**
   * HTTP {@code status} with a body that is not Twilio's JSON: {@code body} as {@code contentType}, or no
   * body at all when {@code body} is empty and {@code contentType} null.
   */
  public static TwilioReply withoutJson(int status, String body, String contentType) {
    return new TwilioReply(status, null, null, body, contentType);
  }

  /** {@code 502} with a load balancer's HTML error page: Twilio's edge could not reach Twilio. */
  public static TwilioReply badGatewayHtml() {
    return withoutJson(502, "<html><head><title>502 Bad Gateway</title></head>"
        + "<body><center><h1>502 Bad Gateway</h1></center></body></html>", "text/html");
  }

  /** {@code 503} with an HTML maintenance page. */
  public static TwilioReply serviceUnavailableHtml() {
    return withoutJson(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
        "text/html");
  }

  /** {@code 504} with an empty body: the gateway timed out waiting for Twilio. */
  public static TwilioReply gatewayTimeoutEmpty() {
    return withoutJson(504, "", null);
  }

  /** {@code 429} as plain text, without Twilio's error JSON (a proxy's rate limit). */
  public static TwilioReply tooManyRequestsPlainText() {
    return withoutJson(429, "Too Many Requests", "text/plain");
  }

  /** {@code 201 Created} with a realistic message resource; the stub's default answer. */
  public static TwilioReply created() {
    return CREATED;
  }

  /** Any Twilio error: HTTP {@code status} with error {@code code} and {@code message}. */
  public static TwilioReply error(int status, int code, String message) {
    return new TwilioReply(status, code, message);
  }

  /** {@code 429} / {@code 20429}: the account is sending too fast; transient, slow down. */
  public static TwilioReply tooManyRequests() {
    return error(429, 20429, "Too Many Requests");
  }

  /** {@code 500} / {@code 20500}: Twilio failed internally; transient. */
  public static TwilioReply internalServerError() {
    return error(500, 20500, "Internal Server Error");
  }

  /** {@code 503} / {@code 20503}: Twilio is unavailable; transient. */
  public static TwilioReply serviceUnavailable() {
    return error(503, 20503, "Service Unavailable");
  }

  /** {@code 400} / {@code 21211}: the 'To' number is not a valid phone number; permanent. */
  public static TwilioReply invalidToNumber() {
    return error(400, 21211, "Invalid 'To' Phone Number");
  }

  /** {@code 400} / {@code 21610}: the recipient replied STOP; permanent until they opt back in. */
  public static TwilioReply unsubscribedRecipient() {
    return error(400, 21610, "Attempt to send to unsubscribed recipient");
  }

  /** {@code 400} / {@code 21614}: the 'To' number cannot receive SMS (e.g. a landline); permanent. */
  public static TwilioReply notMobileNumber() {
    return error(400, 21614, "'To' number is not a valid mobile number");
  }

  /** Whether this reply creates a message. */
  public boolean isSuccess() {
    return status < 400;
  }

  /** Twilio's documentation link for the error code, as sent in {@code more_info}. */
  public String moreInfo() {
    return code == null ? null : "https://www.twilio.com/docs/errors/" + code;
  }

  @Override
  public String toString() {
    if (isSuccess()) {
      return String.valueOf(status);
    }
    return rawBody != null ? status + " without JSON (" + (contentType == null ? "empty" : contentType) + ")"
        : status + "/" + code + " " + message;
  }
}
