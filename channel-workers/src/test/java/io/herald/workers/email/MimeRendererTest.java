package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.Content;
import io.herald.contracts.DispatchCommand;
import io.herald.schemas.Samples;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MimeRendererTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private final InternetAddress from = address("herald@notify.example.com");

    @Test
    void theMessageIdIsDerivedFromTheNotificationIdAndStableAcrossRenderings() throws Exception {
        DispatchCommand command = command("Your code", null);

        MimeMessage first = MimeRenderer.render(SESSION, command, from);
        MimeMessage second = MimeRenderer.render(SESSION, command, from);

        assertThat(first.getMessageID()).isEqualTo(second.getMessageID())
                .isEqualTo(MessageIds.forNotification(command.getNotificationId(), "notify.example.com"))
                .matches("<[0-9a-f-]{36}@notify\\.example\\.com>");
        assertThat(MessageIds.forNotification("n-other", "d")).isNotEqualTo(MessageIds.forNotification("n-1", "d"));
    }

    @Test
    void aSubjectWithCrLfCannotInjectHeaders() throws Exception {
        DispatchCommand command = command("Hello\r\nBcc: victim@example.org\r\nX-Evil: 1", null);

        MimeMessage reparsed = roundTrip(MimeRenderer.render(SESSION, command, from));

        assertThat(reparsed.getHeader("Bcc")).isNull();
        assertThat(reparsed.getHeader("X-Evil")).isNull();
        assertThat(reparsed.getAllRecipients()).hasSize(1);
        assertThat(reparsed.getSubject()).isEqualTo("Hello  Bcc: victim@example.org  X-Evil: 1");
    }

    @Test
    void htmlContentBecomesAMultipartAlternativeWithTheTextFirst() throws Exception {
        MimeMessage reparsed = roundTrip(MimeRenderer.render(SESSION, command("News", "<p>Hi</p>"), from));

        MimeMultipart parts = (MimeMultipart) reparsed.getContent();
        assertThat(reparsed.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(parts.getBodyPart(1).getContent().toString()).isEqualTo("<p>Hi</p>");
    }

    @Test
    void textOnlyContentIsASinglePlainPart() throws Exception {
        MimeMessage reparsed = roundTrip(MimeRenderer.render(SESSION, command("Code", null), from));

        assertThat(reparsed.getContentType()).startsWith("text/plain");
        assertThat(reparsed.getContent().toString()).isEqualTo("Your code is 123456");
        assertThat(reparsed.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("ada@example.com");
    }

    @Test
    void anUnusableRecipientAddressIsRejectedBeforeAnyConnection() {
        DispatchCommand command = DispatchCommand.newBuilder(command("x", null)).setAddress("not an address").build();

        assertThatThrownBy(() -> MimeRenderer.render(SESSION, command, from)).isInstanceOf(AddressException.class);
    }

    private static MimeMessage roundTrip(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        String raw = out.toString(StandardCharsets.UTF_8);
        assertThat(raw).doesNotContainPattern("(?m)^Bcc:");
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    static DispatchCommand command(String subject, String html) {
        DispatchCommand base = Samples.dispatch(Samples.otp("acme", "k1", Instant.parse("2026-11-23T10:00:00Z")), Channel.EMAIL, "smtp-primary");
        return DispatchCommand.newBuilder(base)
                .setContent(Content.newBuilder().setSubject(subject).setText("Your code is 123456").setHtml(html).build())
                .build();
    }

    private static InternetAddress address(String a) {
        try {
            return new InternetAddress(a);
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }
}
