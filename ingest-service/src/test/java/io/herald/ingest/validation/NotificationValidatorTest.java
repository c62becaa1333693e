package io.herald.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.ingest.problem.InvalidParam;
import io.herald.ingest.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class NotificationValidatorTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The issue's example body, valid at {@link #NOW}. */
    static ObjectNode valid() {
        try {
            return (ObjectNode) MAPPER.readTree("""
                    {"priority":"critical","category":"otp",
                     "recipient":{"id":"u-1","email":"a@example.com","phone":"+14155550100","webhookUrl":null,"timezone":"Europe/Paris"},
                     "channels":["email","sms"],
                     "content":{"subject":"Your code","text":"Code 123456","html":null,"sms":"123456"},
                     "expiresAt":"2026-11-23T10:15:00Z","attributes":{"traceparent":"00-abc-01"}}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Validation<NotificationInput> validate(ObjectNode body) {
        return NotificationValidator.validate(body.toString().getBytes(StandardCharsets.UTF_8), NOW);
    }

    static Arguments bad(String name, Consumer<ObjectNode> change, String pointer, String reasonPart) {
        return Arguments.of(name, change, pointer, reasonPart);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                bad("unknown top-level field", b -> b.put("tenantId", "other"), "/tenantId", "not a known field"),
                bad("unknown nested field", b -> b.with("recipient").put("isAdmin", true), "/recipient/isAdmin", "not a known field"),
                bad("field name with slash is escaped", b -> b.put("a/b~c", 1), "/a~1b~0c", "not a known field"),
                bad("priority missing", b -> b.remove("priority"), "/priority", "is required"),
                bad("priority not a symbol", b -> b.put("priority", "urgent"), "/priority", "must be one of CRITICAL, TRANSACTIONAL, BULK"),
                bad("priority wrong type", b -> b.put("priority", 1), "/priority", "must be one of"),
                bad("category with spaces", b -> b.put("category", "one time"), "/category", "must match"),
                bad("category too long", b -> b.put("category", "a".repeat(65)), "/category", "at most 64"),
                bad("recipient not an object", b -> b.put("recipient", "u-1"), "/recipient", "must be an object"),
                bad("recipient id missing", b -> b.with("recipient").remove("id"), "/recipient/id", "is required"),
                bad("phone not E.164", b -> b.with("recipient").put("phone", "0044 20 7946 0958"), "/recipient/phone", "E.164"),
                bad("phone with leading zero country", b -> b.with("recipient").put("phone", "+0123456"), "/recipient/phone", "E.164"),
                bad("phone too long", b -> b.with("recipient").put("phone", "+1234567890123456"), "/recipient/phone", ""),
                bad("email without domain", b -> b.with("recipient").put("email", "a@"), "/recipient/email", "email address"),
                bad("email with CRLF", b -> b.with("recipient").put("email", "a@example.com\r\nBcc: x@y.z"), "/recipient/email", "single line"),
                bad("webhook not http", b -> b.with("recipient").put("webhookUrl", "ftp://example.com"), "/recipient/webhookUrl", "http(s)"),
                bad("webhook to the metadata service", b -> b.with("recipient").put("webhookUrl",
                        "http://169.254.169.254/latest/meta-data/"), "/recipient/webhookUrl", "must not point at a link-local address"),
                bad("webhook to loopback", b -> b.with("recipient").put("webhookUrl", "https://127.0.0.1:8443/hook"),
                        "/recipient/webhookUrl", "loopback"),
                bad("webhook to a private IPv6 literal", b -> b.with("recipient").put("webhookUrl", "https://[fd00::1]/hook"),
                        "/recipient/webhookUrl", "private"),
                bad("webhook to NAT64 metadata", b -> b.with("recipient").put("webhookUrl", "https://[64:ff9b::a9fe:a9fe]/"),
                        "/recipient/webhookUrl", "link-local"),
                bad("timezone unknown", b -> b.with("recipient").put("timezone", "Mars/Olympus"), "/recipient/timezone", "IANA"),
                bad("channels empty", b -> b.putArray("channels"), "/channels", "between 1 and 3"),
                bad("channels not an array", b -> b.put("channels", "email"), "/channels", "must be an array"),
                bad("channel unknown", b -> b.putArray("channels").add("pigeon"), "/channels/0", "must be one of EMAIL, SMS, WEBHOOK"),
                bad("channel duplicated", b -> b.putArray("channels").add("email").add("email"), "/channels/1", "duplicate"),
                bad("no address for any requested channel", b -> b.putArray("channels").add("webhook"), "/recipient", "no address"),
                bad("content missing", b -> b.remove("content"), "/content", "is required"),
                bad("text missing", b -> b.with("content").remove("text"), "/content/text", "is required"),
                bad("text blank", b -> b.with("content").put("text", "  "), "/content/text", "blank"),
                bad("text too long", b -> b.with("content").put("text", "x".repeat(NotificationValidator.MAX_TEXT + 1)), "/content/text", "at most"),
                bad("subject with CRLF", b -> b.with("content").put("subject", "Hi\r\nBcc: victim@example.com"), "/content/subject", "single line"),
                bad("subject with LF only", b -> b.with("content").put("subject", "Hi\nthere"), "/content/subject", "single line"),
                bad("subject with NUL", b -> b.with("content").put("subject", "Hi\u0000"), "/content/subject", "control character"),
                bad("text with escape char", b -> b.with("content").put("text", "\u001b[31mred"), "/content/text", "control character"),
                bad("subject wrong type", b -> b.with("content").put("subject", 42), "/content/subject", "must be a string"),
                bad("expiry in the past", b -> b.put("expiresAt", "2026-11-23T09:59:59Z"), "/expiresAt", "in the past"),
                bad("expiry now", b -> b.put("expiresAt", "2026-11-23T10:00:00Z"), "/expiresAt", "in the past"),
                bad("expiry too far", b -> b.put("expiresAt", "+999999999-12-31T23:59:59Z"), "/expiresAt", ""),
                bad("expiry not a date", b -> b.put("expiresAt", "tomorrow"), "/expiresAt", "RFC 3339"),
                bad("expiry a number", b -> b.put("expiresAt", 1e300), "/expiresAt", "RFC 3339"),
                bad("attributes not strings", b -> b.with("attributes").put("n", 1), "/attributes/n", "must be a string"),
                bad("attributes an array", b -> b.putArray("attributes"), "/attributes", "object of strings"),
                bad("fallback not boolean", b -> b.put("allowChannelFallback", "yes"), "/allowChannelFallback", "boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void rejectsInvalidBodiesNamingTheField(String name, Consumer<ObjectNode> change, String pointer, String reasonPart) {
        ObjectNode body = valid();
        change.accept(body);

        Validation<NotificationInput> result = validate(body);

        assertThat(result).isInstanceOf(Validation.Invalid.class);
        var problem = ((Validation.Invalid<NotificationInput>) result).problem();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.errors()).anySatisfy(e -> {
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.reason()).contains(reasonPart);
        });
    }

    @Test
    void aWebhookToARefusedIpLiteralIs422NamingTheFieldAndAPublicOneIsAccepted() {
        ObjectNode metadata = valid();
        metadata.with("recipient").put("webhookUrl", "http://169.254.169.254/latest/meta-data/");
        Validation<NotificationInput> refused = validate(metadata);
        assertThat(refused).isInstanceOfSatisfying(Validation.Invalid.class, invalid -> {
            assertThat(((Validation.Invalid<?>) invalid).problem().status()).isEqualTo(422);
            assertThat(((Validation.Invalid<?>) invalid).problem().errors()).extracting(InvalidParam::pointer)
                    .containsExactly("/recipient/webhookUrl");
        });

        ObjectNode publicLiteral = valid();
        publicLiteral.with("recipient").put("webhookUrl", "https://93.184.216.34/hook");
        assertThat(validate(publicLiteral)).isNotInstanceOf(Validation.Invalid.class);
    }

    @Test
    void listsEveryInvalidFieldInOneProblem() {
        ObjectNode body = valid();
        body.put("priority", "urgent");
        body.with("recipient").put("phone", "123");
        body.with("content").put("subject", "a\r\nb");
        body.put("extra", true);

        var problem = ((Validation.Invalid<NotificationInput>) validate(body)).problem();

        assertThat(problem.errors()).extracting(InvalidParam::pointer)
                .containsExactlyInAnyOrder("/extra", "/priority", "/recipient/phone", "/content/subject");
        assertThat(problem.type()).endsWith("/validation");
    }

    @Test
    void acceptsTheIssueExampleAndBindsEveryField() {
        Validation<NotificationInput> result = validate(valid());

        assertThat(result).isInstanceOf(Validation.Valid.class);
        NotificationInput in = ((Validation.Valid<NotificationInput>) result).value();
        assertThat(in.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(in.channels()).containsExactly(Channel.EMAIL, Channel.SMS);
        assertThat(in.recipient().phone()).isEqualTo("+14155550100");
        assertThat(in.content().sms()).isEqualTo("123456");
        assertThat(in.expiresAt()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(in.attributes()).containsEntry("traceparent", "00-abc-01");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"upper case as responses write it, CRITICAL, EMAIL", "lower case of earlier releases, critical, email",
            "mixed case, Critical, eMail"})
    void acceptsEnumSymbolsInEitherCase(String name, String priority, String channel) {
        ObjectNode body = valid();
        body.put("priority", priority);
        body.putArray("channels").add(channel).add("SMS");

        Validation<NotificationInput> result = validate(body);

        assertThat(result).isInstanceOf(Validation.Valid.class);
        NotificationInput in = ((Validation.Valid<NotificationInput>) result).value();
        assertThat(in.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(in.channels()).containsExactly(Channel.EMAIL, Channel.SMS);
    }

    @Test
    void acceptsOneReachableChannelAmongSeveral() {
        ObjectNode body = valid();
        body.with("recipient").remove("phone");

        assertThat(validate(body)).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void rejectsAnEscapedLoneSurrogate() {
        String body = valid().toString().replace("Code 123456", "a\\ud800b");

        var result = NotificationValidator.validate(body.getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(((Validation.Invalid<NotificationInput>) result).problem().errors())
                .containsExactly(InvalidParam.body("/content/text", "contains an unpaired surrogate"));
    }

    @Test
    void allowsLineBreaksAndTabsInBodies() {
        ObjectNode body = valid();
        body.with("content").put("text", "line one\r\n\tline two");

        assertThat(validate(body)).isInstanceOf(Validation.Valid.class);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "{priority:".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("empty", new byte[0]),
                Arguments.of("trailing garbage", "{} {}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("duplicate keys", "{\"priority\":\"bulk\",\"priority\":\"critical\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("invalid UTF-8 byte", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}),
                Arguments.of("overlong UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}),
                Arguments.of("UTF-8 encoded surrogate", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}),
                Arguments.of("deep nesting", ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8)),
                Arguments.of("huge number", ("{\"a\":" + "9".repeat(2000) + "}").getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void answers400ForBodiesThatAreNotJson(String name, byte[] body) {
        assertThatThrownBy(() -> NotificationValidator.validate(body, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @Test
    void answers422ForJsonThatIsNotAnObject() {
        var result = NotificationValidator.validate("[1,2]".getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(((Validation.Invalid<NotificationInput>) result).problem().errors())
                .extracting(InvalidParam::reason).containsExactly("must be an object");
    }

    @Test
    void fingerprintIgnoresMemberOrderAndWhitespaceButNotValues() {
        ObjectNode a = valid();
        String reordered = "{\"category\":\"otp\",  \"priority\":\"critical\"," + a.toString().substring(1)
                .replace("\"priority\":\"critical\",\"category\":\"otp\",", "");
        var first = (Validation.Valid<NotificationInput>) validate(a);
        var second = (Validation.Valid<NotificationInput>) NotificationValidator.validate(
                reordered.getBytes(StandardCharsets.UTF_8), NOW);
        ObjectNode changed = valid();
        changed.with("content").put("text", "Code 654321");
        var third = (Validation.Valid<NotificationInput>) validate(changed);

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(third.fingerprint()).isNotEqualTo(first.fingerprint());
    }

    @Test
    void mapsToTheAvroContractWithAssignedIdAndCreationTime() {
        NotificationInput in = ((Validation.Valid<NotificationInput>) validate(valid())).value();
        String id = UUID.randomUUID().toString();

        NotificationRequest request = RequestMapper.toAvro(in, "acme", "key-1", id, NOW);

        assertThat(request.getNotificationId()).isEqualTo(id);
        assertThat(request.getTenantId()).isEqualTo("acme");
        assertThat(request.getIdempotencyKey()).isEqualTo("key-1");
        assertThat(request.getCreatedAt()).isEqualTo(NOW);
        assertThat(request.getPriority()).isEqualTo(Priority.CRITICAL);
        assertThat(request.getRecipient().getRecipientId()).isEqualTo("u-1");
        assertThat(request.getContent().getSmsText()).isEqualTo("123456");
        assertThat(request.getChannels()).containsExactly(Channel.EMAIL, Channel.SMS);
        assertThat(request.getAttributes()).containsEntry("traceparent", "00-abc-01");
        assertThat(List.of(request.getExpiresAt())).containsExactly(Instant.parse("2026-11-23T10:15:00Z"));
    }
}
