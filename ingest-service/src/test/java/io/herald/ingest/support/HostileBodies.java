package io.herald.ingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile request bodies from a seed: each case names its kind and whether it is meant to
 * be valid. Every hostile kind is constructed so that the body is certainly invalid (a mutation that
 * could accidentally stay valid is not hostile enough to count).
 */
public final class HostileBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** String-valued fields as pointer paths (object, member). */
    private static final String[][] STRING_FIELDS = {
            {"", "priority"}, {"", "category"}, {"/recipient", "id"}, {"/recipient", "email"}, {"/recipient", "phone"},
            {"/recipient", "timezone"}, {"/content", "subject"}, {"/content", "text"}, {"/content", "sms"}};
    private static final String[] CONTROL = {"\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u007f",
            "\u0085", "\u2028"};

    /** One generated body. */
    public record Case(String kind, byte[] body, boolean valid) {
    }

    private final Random random;
    private final String expiresAt;

    public HostileBodies(long seed, String expiresAt) {
        this.random = new Random(seed);
        this.expiresAt = expiresAt;
    }

    public Case next() {
        int pick = random.nextInt(16);
        return switch (pick) {
            case 0 -> new Case("valid", bytes(valid()), true);
            case 1 -> wrongType();
            case 2 -> hugeString();
            case 3 -> deepNesting();
            case 4 -> invalidUtf8();
            case 5 -> crlfInSubject();
            case 6 -> controlCharacter();
            case 7 -> numberOutOfRange();
            case 8 -> unknownField();
            case 9 -> truncated();
            case 10 -> randomBytes();
            case 11 -> badEnum();
            case 12 -> badAddress();
            case 13 -> duplicateKey();
            case 14 -> expiredOrMissing();
            default -> notAnObject();
        };
    }

    /** A valid body with random but legal content, including non-ASCII text. */
    public ObjectNode valid() {
        ObjectNode body = F.objectNode();
        body.put("priority", List.of("critical", "transactional", "bulk").get(random.nextInt(3)));
        body.put("category", "cat-" + random.nextInt(1000));
        ObjectNode recipient = body.putObject("recipient");
        recipient.put("id", "u-" + random.nextInt(1_000_000));
        recipient.put("email", "user" + random.nextInt(1000) + "@example.com");
        recipient.put("phone", "+1415555" + (1000 + random.nextInt(9000)));
        body.putArray("channels").add(random.nextBoolean() ? "email" : "sms");
        ObjectNode content = body.putObject("content");
        content.put("subject", "Hello " + randomText(20, false));
        content.put("text", randomText(200, true));
        if (random.nextBoolean()) body.put("expiresAt", expiresAt);
        body.putObject("attributes").put("trace", "t-" + random.nextInt());
        return body;
    }

    private Case wrongType() {
        ObjectNode body = valid();
        String[] field = STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
        JsonNode wrong = switch (random.nextInt(5)) {
            case 0 -> F.numberNode(random.nextLong());
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.arrayNode().add("x");
            case 3 -> F.objectNode().put("x", 1);
            default -> F.numberNode(random.nextDouble());
        };
        ((ObjectNode) body.at(field[0])).set(field[1], wrong);
        if (random.nextBoolean()) body.set("channels", F.textNode("email"));
        return new Case("wrong-type", bytes(body), false);
    }

    private Case hugeString() {
        ObjectNode body = valid();
        String[] field = STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
        int size = 40_000 + random.nextInt(100_000);
        ((ObjectNode) body.at(field[0])).put(field[1], "A".repeat(size));
        return new Case("huge-string", bytes(body), false);
    }

    private Case deepNesting() {
        int depth = 17 + random.nextInt(3000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        String body = bytesAsString(valid()).replaceFirst("\\{", "{\"deep\":" + nested + ",");
        return new Case("deep-nesting", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private Case invalidUtf8() {
        byte[] valid = bytes(valid());
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};
        byte[] insert = bad[random.nextInt(bad.length)];
        // Inside the text value, so the bytes are in a string where a lax parser would take them.
        String s = new String(valid, StandardCharsets.UTF_8);
        int at = s.indexOf("\"text\":\"") + 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = s.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = s.substring(at).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(head);
        out.writeBytes(insert);
        out.writeBytes(tail);
        return new Case("invalid-utf8", out.toByteArray(), false);
    }

    private Case crlfInSubject() {
        ObjectNode body = valid();
        String[] breaks = {"\r\n", "\n", "\r", "\r\nBcc: victim@example.com", "\n\n<script>"};
        body.with("content").put("subject", "Hi" + breaks[random.nextInt(breaks.length)] + "there");
        return new Case("crlf-subject", bytes(body), false);
    }

    private Case controlCharacter() {
        ObjectNode body = valid();
        String control = CONTROL[random.nextInt(CONTROL.length)];
        String[] field = STRING_FIELDS[1 + random.nextInt(STRING_FIELDS.length - 1)];
        ObjectNode holder = (ObjectNode) body.at(field[0]);
        String base = holder.path(field[1]).asText("x");
        holder.put(field[1], base + control);
        return new Case("control-char", bytes(body), false);
    }

    private Case numberOutOfRange() {
        String[] numbers = {"1e999999", "-1e999999", "123456789012345678901234567890", "9".repeat(70), "-0.0e-99999",
                "1E308", "18446744073709551616"};
        String number = numbers[random.nextInt(numbers.length)];
        String[] where = {"\"expiresAt\":", "\"priority\":", "\"allowChannelFallback\":", "\"channels\":"};
        String body = bytesAsString(valid()).replaceFirst("\\{", "{" + where[random.nextInt(where.length)] + number + ",");
        // The replaced member may now appear twice: either way (duplicate or wrong type) it is invalid.
        return new Case("number-out-of-range", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private Case unknownField() {
        ObjectNode body = valid();
        String[] names = {"tenantId", "notificationId", "isAdmin", "__proto__", "constructor", "createdAt", "$where"};
        ObjectNode target = random.nextBoolean() ? body : body.with(random.nextBoolean() ? "recipient" : "content");
        target.put(names[random.nextInt(names.length)], "x");
        return new Case("unknown-field", bytes(body), false);
    }

    private Case truncated() {
        byte[] valid = bytes(valid());
        int cut = 1 + random.nextInt(valid.length - 2);
        byte[] body = new byte[cut];
        System.arraycopy(valid, 0, body, 0, cut);
        return new Case("truncated", body, false);
    }

    private Case randomBytes() {
        byte[] body = new byte[1 + random.nextInt(2000)];
        random.nextBytes(body);
        body[0] = (byte) (random.nextBoolean() ? '{' : body[0]);
        return new Case("random-bytes", body, false);
    }

    private Case badEnum() {
        ObjectNode body = valid();
        // Symbols match in either case (EMAIL, email): what stays invalid is an unknown word, padding or emptiness.
        if (random.nextBoolean()) body.put("priority", List.of("URGENT", "Criticall", "", " bulk", "0").get(random.nextInt(5)));
        else body.putArray("channels").add(List.of("E-MAIL", "fax", "", "sms ", "pigeon").get(random.nextInt(5)));
        return new Case("bad-enum", bytes(body), false);
    }

    private Case badAddress() {
        ObjectNode body = valid();
        ObjectNode recipient = body.with("recipient");
        switch (random.nextInt(4)) {
            case 0 -> recipient.put("phone", List.of("+0123", "14155550100", "+1 415 555", "+", "+12345678901234567").get(random.nextInt(5)));
            case 1 -> recipient.put("email", List.of("a@", "@b.com", "a b@c.com", "a@b", "a@@b.com").get(random.nextInt(5)));
            case 2 -> {
                recipient.remove("email");
                recipient.remove("phone");
            }
            default -> {
                body.putArray("channels").add("webhook");
                recipient.remove("webhookUrl");
            }
        }
        if (random.nextInt(4) == 0) return new Case("bad-address", bytes(body), false);
        // Make sure the bad address is on a requested channel.
        body.putArray("channels").add("email").add("sms");
        recipient.put("phone", "+0000");
        return new Case("bad-address", bytes(body), false);
    }

    private Case duplicateKey() {
        String body = bytesAsString(valid()).replaceFirst("\\{", "{\"priority\":\"bulk\",");
        return new Case("duplicate-key", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private Case expiredOrMissing() {
        ObjectNode body = valid();
        if (random.nextBoolean()) body.put("expiresAt", "2001-01-01T00:00:00Z");
        else body.remove(List.of("priority", "category", "recipient", "channels", "content").get(random.nextInt(5)));
        return new Case("expired-or-missing", bytes(body), false);
    }

    private Case notAnObject() {
        String[] bodies = {"[]", "null", "42", "\"text\"", "true", "[{}]", ""};
        return new Case("not-an-object", bodies[random.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8), false);
    }

    private String randomText(int max, boolean multiline) {
        String[] pieces = {"hello", "código", "日本語", "🚀", "שלום", "Ωμέγα", "\t", " ", "123", "ß", "e\u0301"};
        StringBuilder s = new StringBuilder("t");
        int n = random.nextInt(max / 5 + 1);
        for (int i = 0; i < n; i++) {
            String piece = pieces[random.nextInt(pieces.length)];
            if (!multiline && piece.equals("\t")) piece = " ";
            s.append(piece);
        }
        if (multiline && random.nextBoolean()) s.append("\r\nsecond line");
        return s.toString();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bytesAsString(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }
}
