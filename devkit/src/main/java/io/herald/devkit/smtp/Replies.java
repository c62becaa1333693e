package io.herald.devkit.smtp;

/**
 * Named scripts for the provider behaviours Herald must survive, with the reply texts real servers send.
 * Each returns a rule that matches everything at its stage; narrow it with the {@link SmtpRule} methods:
 *
 * <pre>{@code
 * smtp.script(Replies.deferAll451().forNext(Duration.ofSeconds(30)));     // Exchange-style outage
 * smtp.script(Replies.mailboxUnknown550().forRecipient("ghost@example.com"));
 * smtp.script(Replies.connectionLimit421().times(1));                     // one dropped connection
 * }</pre>
 */
public final class Replies {
  /** Exchange's answer while its back end is unavailable; transient, retry later. */
  public static final SmtpReply TEMPORARY_SERVER_ERROR_451 =
      SmtpReply.reject(451, "4.3.2 Temporary server error. Please try again later");
  /** A server shedding load: reply, then close the connection. */
  public static final SmtpReply TOO_MANY_CONNECTIONS_421 =
      SmtpReply.rejectAndDrop(421, "4.7.0 Too many connections, closing transmission channel");
  /** A server that is up but refuses service at the greeting. */
  public static final SmtpReply SERVICE_NOT_AVAILABLE_421 =
      SmtpReply.rejectAndDrop(421, "4.3.2 Service not available, closing transmission channel");
  /** The recipient does not exist; permanent. */
  public static final SmtpReply MAILBOX_UNKNOWN_550 =
      SmtpReply.reject(550, "5.1.1 Recipient address rejected: User unknown");
  /** The recipient's mailbox is full; transient by code, often treated as permanent after a while. */
  public static final SmtpReply MAILBOX_FULL_452 =
      SmtpReply.reject(452, "4.2.2 Mailbox full");
  /** The content was refused after DATA; permanent. */
  public static final SmtpReply CONTENT_REJECTED_554 =
      SmtpReply.reject(554, "5.7.1 Message rejected due to content restrictions");

  private Replies() {}

  /** Every {@code RCPT TO} answered {@code 451 4.3.2}: the Exchange outage the drills reproduce. */
  public static SmtpRule deferAll451() {
    return SmtpRule.onRcptTo(TEMPORARY_SERVER_ERROR_451);
  }

  /** Every {@code MAIL FROM} answered {@code 421 4.7.0} and the connection closed. */
  public static SmtpRule connectionLimit421() {
    return SmtpRule.onMailFrom(TOO_MANY_CONNECTIONS_421);
  }

  /** Every connection greeted with {@code 421 4.3.2} instead of {@code 220}, then closed. */
  public static SmtpRule greeting421() {
    return SmtpRule.onConnect(SERVICE_NOT_AVAILABLE_421);
  }

  /** Every {@code RCPT TO} answered {@code 550 5.1.1}; narrow it with {@link SmtpRule#forRecipient}. */
  public static SmtpRule mailboxUnknown550() {
    return SmtpRule.onRcptTo(MAILBOX_UNKNOWN_550);
  }

  /** Every {@code RCPT TO} answered {@code 452 4.2.2}. */
  public static SmtpRule mailboxFull452() {
    return SmtpRule.onRcptTo(MAILBOX_FULL_452);
  }

  /** Every message refused after {@code DATA} with {@code 554 5.7.1}. */
  public static SmtpRule contentRejected554() {
    return SmtpRule.onData(CONTENT_REJECTED_554);
  }

  /** Lets every {@code RCPT TO} through; put before broader rules to exempt recipients from them. */
  public static SmtpRule acceptRecipients() {
    return SmtpRule.onRcptTo(SmtpReply.accept());
  }
}
