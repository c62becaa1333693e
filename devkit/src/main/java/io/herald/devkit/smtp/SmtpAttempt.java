package io.herald.devkit.smtp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a scripted rule sees when it decides: the stage, the server clock's time and what the client has
 * said so far in the current mail transaction.
 *
 * @param stage where in the conversation the client is
 * @param at the server clock's time of the attempt
 * @param sender the envelope sender from {@code MAIL FROM}; empty at {@link SmtpStage#CONNECT}
 * @param recipient the recipient being offered at {@link SmtpStage#RCPT_TO}; empty at other stages
 * @param recipients the recipients accepted so far in this transaction
 * @param message the received message at {@link SmtpStage#DATA}; empty at other stages
 */
public record SmtpAttempt(
    SmtpStage stage,
    Instant at,
    Optional<String> sender,
    Optional<String> recipient,
    List<String> recipients,
    Optional<ReceivedMail> message) {

  public SmtpAttempt {
    recipients = List.copyOf(recipients);
  }

  /**
   * The recipients a recipient condition applies to: the one being offered at {@code RCPT TO}, all the
   * accepted ones at {@code DATA}.
   */
  public List<String> addressedRecipients() {
    return recipient.map(List::of).orElse(recipients);
  }
}
