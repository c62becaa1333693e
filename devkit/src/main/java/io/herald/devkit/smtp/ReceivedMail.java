package io.herald.devkit.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A message the {@link ScriptedSmtpServer} accepted: the SMTP envelope, the raw MIME bytes exactly as the
 * client sent them (after dot-unstuffing), and the parsed top-level headers.
 *
 * <p>Immutable; {@link #mime()} returns a copy. {@link #toString()} leaves out addresses and subject so
 * test output and logs carry no personal data.
 */
public final class ReceivedMail {
  private static final Session PARSING_SESSION = Session.getInstance(new Properties());

  private final String envelopeFrom;
  private final List<String> recipients;
  private final byte[] mime;
  private final Instant receivedAt;
  private final InternetHeaders headers;
  private final boolean tls;
  private final Optional<String> authenticatedUser;

  private ReceivedMail(String envelopeFrom, List<String> recipients, byte[] mime, Instant receivedAt,
      InternetHeaders headers, boolean tls, Optional<String> authenticatedUser) {
    this.envelopeFrom = envelopeFrom;
    this.recipients = recipients;
    this.mime = mime;
    this.receivedAt = receivedAt;
    this.headers = headers;
    this.tls = tls;
    this.authenticatedUser = authenticatedUser;
  }

  /**
   * Captures a message; a malformed header block yields a mail without headers rather than an error,
   * because the server must still be able to accept (and a test to inspect) whatever a client sends.
   */
  public static ReceivedMail of(String envelopeFrom, List<String> recipients, byte[] mime, Instant receivedAt) {
    return of(envelopeFrom, recipients, mime, receivedAt, false, Optional.empty());
  }

  /**
   * Captures a message together with how its session was secured: {@code tls} when it arrived over TLS
   * (STARTTLS or implicit), {@code authenticatedUser} when the client had logged in with AUTH.
   */
  public static ReceivedMail of(String envelopeFrom, List<String> recipients, byte[] mime, Instant receivedAt,
      boolean tls, Optional<String> authenticatedUser) {
    Objects.requireNonNull(envelopeFrom, "envelopeFrom");
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
    Objects.requireNonNull(receivedAt, "receivedAt");
    byte[] copy = mime.clone();
    InternetHeaders parsed;
    try {
      parsed = new InternetHeaders(new ByteArrayInputStream(copy));
    } catch (MessagingException e) {
      parsed = new InternetHeaders();
    }
    return new ReceivedMail(envelopeFrom, List.copyOf(recipients), copy, receivedAt, parsed, tls,
        authenticatedUser);
  }

  /** The envelope sender from {@code MAIL FROM}; empty for the null sender {@code <>}. */
  public String envelopeFrom() {
    return envelopeFrom;
  }

  /** The envelope recipients the server accepted, in {@code RCPT TO} order. */
  public List<String> recipients() {
    return recipients;
  }

  /** A copy of the raw message. */
  public byte[] mime() {
    return mime.clone();
  }

  /** Size of the raw message in bytes. */
  public int size() {
    return mime.length;
  }

  /** When the server clock saw the end of the message. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** Whether the session that delivered the message was encrypted (STARTTLS or implicit TLS). */
  public boolean tls() {
    return tls;
  }

  /** The user the client authenticated as with AUTH; empty when it sent without logging in. */
  public Optional<String> authenticatedUser() {
    return authenticatedUser;
  }

  /** Every value of the header {@code name} (case-insensitive), unfolded, undecoded. */
  public List<String> headers(String name) {
    String[] values = headers.getHeader(name);
    return values == null ? List.of() : Arrays.stream(values).map(MimeUtility::unfold).map(String::trim).toList();
  }

  /** The first value of the header {@code name}, unfolded, undecoded. */
  public Optional<String> header(String name) {
    return headers(name).stream().findFirst();
  }

  /** The {@code Message-ID} header, e.g. {@code <n-123@herald.io>}. */
  public Optional<String> messageId() {
    return header("Message-ID");
  }

  /** The {@code Subject} header with RFC 2047 encoded words decoded. */
  public Optional<String> subject() {
    return header("Subject").map(ReceivedMail::decode);
  }

  /** The message parsed by Jakarta Mail, for assertions on bodies and parts. */
  public MimeMessage toMimeMessage() {
    try {
      return new MimeMessage(PARSING_SESSION, new ByteArrayInputStream(mime));
    } catch (MessagingException e) {
      throw new IllegalStateException("received message cannot be parsed as MIME", e);
    }
  }

  private static String decode(String value) {
    try {
      return MimeUtility.decodeText(value);
    } catch (UnsupportedEncodingException e) {
      // An unknown charset in an encoded word: the raw text is still more useful than an error.
      return value;
    }
  }

  @Override
  public String toString() {
    return "ReceivedMail[messageId=" + messageId().orElse("-") + ", recipients=" + recipients.size()
        + ", bytes=" + mime.length + ", receivedAt=" + receivedAt + ", tls=" + tls
        + ", authenticated=" + authenticatedUser.isPresent() + "]";
  }
}
