package io.herald.devkit.smtp;

/** How the {@link ScriptedSmtpServer} secures its connections. */
public enum SmtpTls {
  /** Plain text only; {@code STARTTLS} is not offered. The default. */
  NONE,
  /** {@code STARTTLS} is offered in the EHLO reply, but mail may also be sent in plain text. */
  STARTTLS_OFFERED,
  /**
   * {@code STARTTLS} is offered and required: every command but EHLO/HELO, STARTTLS, NOOP, RSET and QUIT is
   * answered {@code 530 Must issue a STARTTLS command first} until the client has switched to TLS.
   */
  STARTTLS_REQUIRED,
  /** TLS from the first byte (SMTPS, what port 465 speaks). */
  IMPLICIT;

  /** Whether the server needs a certificate. */
  public boolean usesCertificate() {
    return this != NONE;
  }
}
