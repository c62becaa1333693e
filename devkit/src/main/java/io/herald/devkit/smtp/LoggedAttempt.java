package io.herald.devkit.smtp;

import java.time.Instant;
import java.util.Optional;

/**
 * One protocol step the {@link ScriptedSmtpServer} decided on, accepted or not: the attempt log a test
 * (or the local sink console) reads to see what a client tried and when, e.g. whether anything was
 * attempted on a provider while it was DOWN.
 *
 * @param stage     where in the conversation
 * @param at        the server clock's time
 * @param recipient the recipient offered at {@code RCPT TO}; empty at other stages
 * @param code      the reply code given: the scripted rejection's, or 250 when it went through
 */
public record LoggedAttempt(SmtpStage stage, Instant at, Optional<String> recipient, int code) {

  /** Whether the step went through. */
  public boolean accepted() {
    return code < 400;
  }

  @Override
  public String toString() {
    // The recipient is personal data: keep it out of test output and logs.
    return "LoggedAttempt[" + stage + " at " + at + " -> " + code + "]";
  }
}
