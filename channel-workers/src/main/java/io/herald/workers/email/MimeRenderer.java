package io.herald.workers.email;

import io.herald.contracts.Content;
import io.herald.contracts.DispatchCommand;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** Turns a dispatch command into a MIME message: text, optional HTML alternative, deterministic Message-ID, safe headers. */
public final class MimeRenderer {
    static final String NOTIFICATION_HEADER = "X-Herald-Notification-Id";

    private MimeRenderer() {
    }

    /** The message for {@code command}; throws {@link jakarta.mail.internet.AddressException} for an unusable address. */
    public static MimeMessage render(Session session, DispatchCommand command, InternetAddress from) throws MessagingException {
        InternetAddress to = new InternetAddress(command.getAddress(), true);
        String domain = domainOf(from.getAddress());
        MimeMessage message = new FixedIdMimeMessage(session, MessageIds.forNotification(command.getNotificationId(), domain));
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        Content content = command.getContent();
        message.setSubject(headerSafe(content.getSubject() == null ? "" : content.getSubject()), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader(NOTIFICATION_HEADER, headerSafe(command.getNotificationId()));
        if (content.getHtml() == null) {
            message.setText(content.getText(), StandardCharsets.UTF_8.name());
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.getText(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.getHtml(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        message.saveChanges();
        return message;
    }

    /**
     * A header value that cannot start a new header line: CR, LF and other control characters become spaces.
     * Validation should already have rejected them; this is the last line of defence against header injection.
     */
    public static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? "herald.local" : address.substring(at + 1);
    }

    /** Keeps our Message-ID: Jakarta Mail would otherwise generate a random one on every save. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
