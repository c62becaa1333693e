package io.herald.devkit.smtp;

/** The point of an SMTP conversation at which a scripted rule answers. */
public enum SmtpStage {
  /** Before the greeting: a rejection here replaces the {@code 220} banner and closes the connection. */
  CONNECT,
  /** {@code MAIL FROM}: the sender is known, no recipient yet. */
  MAIL_FROM,
  /** {@code RCPT TO}: evaluated once per recipient. */
  RCPT_TO,
  /** After the message content was received: sender, recipients and the message are known. */
  DATA
}
