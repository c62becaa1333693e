package io.herald.router.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static NotificationRequest valid() {
        return Samples.otp("acme", "k1", NOW);
    }

    @Test
    void acceptsTheSampleOtp() {
        assertThat(RequestValidator.validate(valid())).isEmpty();
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                row("blank notification id", r -> r.setNotificationId(" "), "notificationId"),
                row("blank tenant", r -> r.setTenantId(""), "tenantId"),
                row("slash in tenant", r -> r.setTenantId("a/b"), "tenantId"),
                row("overlong idempotency key", r -> r.setIdempotencyKey("k".repeat(201)), "idempotencyKey"),
                row("no channel", r -> r.setChannels(List.of()), "channels"),
                row("no address for any requested channel", r -> {
                    r.getRecipient().setEmail(null);
                    r.getRecipient().setPhone(null);
                    r.setChannels(List.of(Channel.EMAIL, Channel.SMS));
                }, "recipient"),
                row("only an address for an unrequested channel", r -> {
                    r.getRecipient().setEmail(null);
                    r.setChannels(List.of(Channel.EMAIL, Channel.WEBHOOK));
                }, "recipient"),
                row("email without domain dot", r -> r.getRecipient().setEmail("ada@example"), "recipient.email"),
                row("email with two @", r -> r.getRecipient().setEmail("a@b@example.com"), "recipient.email"),
                row("email with a space", r -> r.getRecipient().setEmail("ada lovelace@example.com"), "recipient.email"),
                row("phone without plus", r -> r.getRecipient().setPhone("14155550100"), "recipient.phone"),
                row("phone with leading zero country", r -> r.getRecipient().setPhone("+04155550100"), "recipient.phone"),
                row("phone with 16 digits", r -> r.getRecipient().setPhone("+1234567890123456"), "recipient.phone"),
                row("phone with spaces", r -> r.getRecipient().setPhone("+1 415 555 0100"), "recipient.phone"),
                row("relative webhook url", r -> r.getRecipient().setWebhookUrl("/hook"), "recipient.webhookUrl"),
                row("ftp webhook url", r -> r.getRecipient().setWebhookUrl("ftp://example.com/x"), "recipient.webhookUrl"),
                row("unknown timezone", r -> r.getRecipient().setTimezone("Mars/Olympus"), "recipient.timezone"),
                row("expiry equal to creation", r -> r.setExpiresAt(NOW), "expiresAt"),
                row("expiry before creation", r -> r.setExpiresAt(NOW.minusSeconds(1)), "expiresAt"),
                row("CR in subject", r -> r.getContent().setSubject("Hi\rBcc: x@example.com"), "content.subject"),
                row("LF in subject", r -> r.getContent().setSubject("Hi\nthere"), "content.subject"),
                row("empty text", r -> r.getContent().setText(""), "content.text"),
                row("oversized text", r -> r.getContent().setText("x".repeat(100 * 1024 + 1)), "content.text"),
                row("oversized sms text", r -> r.getContent().setSmsText("x".repeat(1601)), "content.smsText"),
                row("too many attributes", r -> {
                    Map<String, String> many = new HashMap<>();
                    for (int i = 0; i < 65; i++) many.put("k" + i, "v");
                    r.setAttributes(many);
                }, "attributes"));
    }

    @ParameterizedTest(name = "{0} is rejected naming {2}")
    @MethodSource("invalidRequests")
    void rejectsNamingTheField(String description, UnaryOperator<NotificationRequest> change, String field) {
        List<Violation> violations = RequestValidator.validate(change.apply(valid()));
        assertThat(violations).extracting(Violation::field).containsExactly(field);
    }

    @Test
    void acceptsARequestReachableOnlyOnItsSecondChannel() {
        NotificationRequest request = valid();
        request.getRecipient().setEmail(null);
        assertThat(RequestValidator.validate(request)).isEmpty();
    }

    @Test
    void describesViolationsWithoutTheOffendingValue() {
        NotificationRequest request = valid();
        request.getRecipient().setPhone("0033612345678");
        assertThat(RequestValidator.validate(request).get(0).describe())
                .startsWith("recipient.phone: ").doesNotContain("0033612345678");
    }

    private static Arguments row(String description, java.util.function.Consumer<NotificationRequest> change, String field) {
        UnaryOperator<NotificationRequest> op = r -> {
            change.accept(r);
            return r;
        };
        return Arguments.of(description, op, field);
    }
    static Stream<Arguments> utf8Lengths() {
        String e = "\u00e9"; // 2 bytes
        String euro = "\u20ac"; // 3 bytes
        String face = "\ud83d\ude00"; // 2 chars, 4 bytes
        return Stream.of(
                Arguments.of("a".repeat(12), 12, false),
                Arguments.of("a".repeat(13), 12, true),
                Arguments.of(euro.repeat(4), 12, false),
                Arguments.of(euro.repeat(4) + "a", 12, true),
                Arguments.of(e.repeat(6), 12, false),
                Arguments.of(e.repeat(6) + "a", 12, true),
                Arguments.of(face.repeat(3), 12, false),
                Arguments.of(face.repeat(3) + "a", 12, true),
                Arguments.of(euro.repeat(5), 12, true),
                Arguments.of("a".repeat(4), 12, false),
                Arguments.of("", 0, false));
    }

    @ParameterizedTest(name = "{index}: {1} bytes max → longer: {2}")
    @MethodSource("utf8Lengths")
    void countsUtf8BytesNotChars(String value, int maxBytes, boolean longer) {
        assertThat(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes).as("the table itself").isEqualTo(longer);
        assertThat(RequestValidator.utf8LongerThan(value, maxBytes)).isEqualTo(longer);
    }
}

