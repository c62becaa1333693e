package io.herald.devkit.twilio;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON bodies Twilio's Messages API sends, written by hand so devkit needs no JSON library. Field
 * names and formats follow the API (and what the Twilio Java SDK's {@code Message.fromJson} reads):
 * snake_case, RFC 2822 dates, counts as strings.
 */
final class TwilioJson {
  static final String API_VERSION = "2010-04-01";

  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  // GSM 03.38 basic alphabet: one septet each. The extension table costs two septets (escape + char).
  private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
      + " !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

  private TwilioJson() {}

  /** A message resource as returned by create and fetch. */
  static String message(String accountSid, String sid, SmsRequest request, String status, Instant created) {
    String uri = "/" + API_VERSION + "/Accounts/" + accountSid + "/Messages/" + sid;
    String date = RFC_2822.format(created);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("account_sid", accountSid);
    fields.put("api_version", API_VERSION);
    fields.put("body", request.body());
    fields.put("date_created", date);
    fields.put("date_sent", null);
    fields.put("date_updated", date);
    fields.put("direction", "outbound-api");
    fields.put("error_code", null);
    fields.put("error_message", null);
    fields.put("from", request.from());
    fields.put("messaging_service_sid", request.messagingServiceSid());
    fields.put("num_media", String.valueOf(request.params().getOrDefault("MediaUrl", List.of()).size()));
    fields.put("num_segments", String.valueOf(segments(request.body() == null ? "" : request.body())));
    fields.put("price", null);
    fields.put("price_unit", "USD");
    fields.put("sid", sid);
    fields.put("status", status);
    fields.put("subresource_uris", Map.of("media", uri + "/Media.json"));
    fields.put("to", request.to());
    fields.put("uri", uri + ".json");
    return object(fields);
  }

  /** Twilio's error body, e.g. {@code {"code":21211,"message":"…","more_info":"…","status":400}}. */
  static String error(TwilioReply reply) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("code", reply.code());
    fields.put("message", reply.message());
    fields.put("more_info", reply.moreInfo());
    fields.put("status", reply.status());
    return object(fields);
  }

  /**
   * How many SMS segments Twilio bills for {@code body}: GSM-7 text fits 160 septets in one segment and
   * 153 per segment when split; anything else is UCS-2 with 70 and 67 UTF-16 units.
   */
  static int segments(String body) {
    int septets = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (GSM_BASIC.indexOf(c) >= 0) {
        septets += 1;
      } else if (GSM_EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        return split(body.length(), 70, 67);
      }
    }
    return split(septets, 160, 153);
  }

  private static int split(int units, int single, int perPart) {
    return units <= single ? 1 : (units + perPart - 1) / perPart;
  }

  private static String object(Map<String, ?> fields) {
    StringBuilder json = new StringBuilder("{");
    fields.forEach((name, value) -> {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(quote(name)).append(':').append(value(value));
    });
    return json.append('}').toString();
  }

  private static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> fields = new LinkedHashMap<>();
      map.forEach((key, nested) -> fields.put(String.valueOf(key), nested));
      return object(fields);
    }
    return quote(value.toString());
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
