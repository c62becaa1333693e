package io.herald.devkit.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of the {@link TwilioStub}: routes, basic auth, form parsing and Twilio's validation, in
 * the order Twilio applies them (authenticate, then the scripted outage or error, then field checks).
 */
final class MessagesEndpoint implements HttpHandler {
  private static final Pattern CREATE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
  private static final Pattern FETCH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json");
  // E.164, optionally behind a channel prefix such as "whatsapp:".
  private static final Pattern PHONE_NUMBER = Pattern.compile("(?:[a-z]+:)?\\+[1-9]\\d{1,14}");

  private final TwilioStub stub;

  MessagesEndpoint(TwilioStub stub) {
    this.stub = stub;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      stub.countRequest();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Matcher create = CREATE.matcher(path);
      Matcher fetch = FETCH.matcher(path);
      if ("POST".equals(method) && create.matches()) {
        create(exchange, create.group(1));
      } else if ("GET".equals(method) && fetch.matches()) {
        fetch(exchange, fetch.group(1), fetch.group(2));
      } else {
        send(exchange, TwilioReply.error(404, 20404, "The requested resource " + path + " was not found"));
      }
    }
  }

  private void create(HttpExchange exchange, String accountSid) throws IOException {
    Instant now = stub.clock().instant();
    SmsRequest request = parse(accountSid, exchange.getRequestBody().readAllBytes(), now);
    TwilioReply reply = authenticated(exchange, accountSid)
        ? stub.decide(request).filter(scripted -> !scripted.isSuccess()).or(() -> validate(request))
            .orElse(TwilioReply.created())
        : unauthorized();
    if (!reply.isSuccess()) {
      stub.record(new RecordedSms(request, reply.status(), reply.code(), null));
      send(exchange, reply);
      return;
    }
    String sid = "SM" + hex32();
    // Twilio queues a message with a From number and first "accepts" one sent through a messaging service.
    String status = request.from() == null ? "accepted" : "queued";
    String json = TwilioJson.message(accountSid, sid, request, status, now);
    stub.storeMessage(accountSid, sid, json);
    stub.record(new RecordedSms(request, reply.status(), null, sid));
    send(exchange, reply.status(), json);
  }

  private void fetch(HttpExchange exchange, String accountSid, String sid) throws IOException {
    if (!authenticated(exchange, accountSid)) {
      send(exchange, unauthorized());
      return;
    }
    Optional<String> json = stub.storedMessage(accountSid, sid);
    if (json.isPresent()) {
      send(exchange, 200, json.get());
    } else {
      send(exchange, TwilioReply.error(404, 20404, "The requested resource was not found"));
    }
  }

  private boolean authenticated(HttpExchange exchange, String accountSid) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String expected = stub.accountSid() + ":" + stub.authToken();
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    // Constant-time, like a real credential check; and the path must name the authenticated account.
    return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8))
        && stub.accountSid().equals(accountSid);
  }

  private static TwilioReply unauthorized() {
    return TwilioReply.error(401, 20003, "Authenticate");
  }

  private static Optional<TwilioReply> validate(SmsRequest request) {
    if (request.to() == null || request.to().isBlank()) {
      return Optional.of(TwilioReply.error(400, 21604, "A 'To' phone number is required."));
    }
    if (request.from() == null && request.messagingServiceSid() == null) {
      return Optional.of(TwilioReply.error(400, 21603, "A 'From' phone number is required."));
    }
    if (request.body() == null && request.param("MediaUrl").isEmpty() && request.param("ContentSid").isEmpty()) {
      return Optional.of(TwilioReply.error(400, 21602, "Message body is required."));
    }
    if (!PHONE_NUMBER.matcher(request.to()).matches()) {
      return Optional.of(TwilioReply.invalidToNumber());
    }
    return Optional.empty();
  }

  private static SmsRequest parse(String accountSid, byte[] body, Instant now) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    params.replaceAll((name, values) -> List.copyOf(values));
    return new SmsRequest(accountSid, first(params, "To"), first(params, "From"),
        first(params, "MessagingServiceSid"), first(params, "Body"), first(params, "StatusCallback"), params, now);
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String hex32() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static void send(HttpExchange exchange, TwilioReply error) throws IOException {
    if (error.rawBody() != null) {
      sendRaw(exchange, error);
      return;
    }
    send(exchange, error.status(), TwilioJson.error(error));
  }

  /** What a proxy or load balancer in front of Twilio answers: not Twilio's JSON, maybe no body at all. */
  private static void sendRaw(HttpExchange exchange, TwilioReply reply) throws IOException {
    byte[] bytes = reply.rawBody().getBytes(StandardCharsets.UTF_8);
    if (reply.contentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Twilio-Request-Id", "RQ" + hex32());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
