package io.herald.devkit.smtp;

import java.util.Objects;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;

/**
 * One SMTP reply a script can give: accept, reject with a code and enhanced status text, reject and
 * close the connection (what servers do with {@code 421}), or no reply at all: the connection is reset
 * ({@link #connectionReset()}, what a crashing MTA or a middlebox does in the middle of a transaction).
 *
 * <p>The enhanced status code ({@code 4.3.2}) is part of {@code text}, because that is where clients see
 * it: Jakarta Mail exposes only the three-digit code separately.
 *
 * @param code the three-digit reply code
 * @param text the text after the code, usually starting with an enhanced status code
 * @param dropConnection whether the server closes the connection after replying
 * @param reset whether the server sends nothing and resets the connection (TCP RST) instead;
 *     {@code code} is then only what the attempt log and the rejection counters record
 */
public record SmtpReply(int code, String text, boolean dropConnection, boolean reset) {

  private static final SmtpReply ACCEPT = new SmtpReply(250, "2.0.0 Ok", false);
  /** What a reset is logged and counted as: the client never sees it. */
  private static final SmtpReply RESET = new SmtpReply(421, "connection reset by the server, no reply sent", true, true);

  public SmtpReply {
    Objects.requireNonNull(text, "text");
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("code must be an SMTP reply code 200-599: " + code);
    }
    if (code < 400 && dropConnection) {
      throw new IllegalArgumentException("an accepting reply cannot drop the connection: " + code);
    }
    if (reset && !dropConnection) {
      throw new IllegalArgumentException("a reset always ends the connection: dropConnection must be true");
    }
  }

  /** A reply that may close the connection but never resets it. */
  public SmtpReply(int code, String text, boolean dropConnection) {
    this(code, text, dropConnection, false);
  }

  /** Lets the attempt through; used to exempt attempts from rules further down the script. */
  public static SmtpReply accept() {
    return ACCEPT;
  }

  /** Rejects with {@code code} (4xx transient, 5xx permanent) and keeps the connection open. */
  public static SmtpReply reject(int code, String text) {
    requireFailure(code);
    return new SmtpReply(code, text, false);
  }

  /** Rejects with {@code code} and closes the connection, like a server shedding load with {@code 421}. */
  public static SmtpReply rejectAndDrop(int code, String text) {
    requireFailure(code);
    return new SmtpReply(code, text, true);
  }

  /**
   * No reply: the server resets the connection (TCP RST) at the rule's stage. At {@link SmtpStage#DATA} the
   * client has sent the whole message and its final dot and waits for the verdict, so it cannot know whether
   * the message was queued: the hand-over is ambiguous (a sender must not resend blindly).
   */
  public static SmtpReply connectionReset() {
    return RESET;
  }

  /** Whether this reply lets the attempt through. */
  public boolean accepts() {
    return code < 400;
  }

  /** The reply line as the client receives it, e.g. {@code 451 4.3.2 Temporary server error}. */
  public String line() {
    return code + " " + text;
  }

  /** The SubEthaSMTP exception that makes the server send this reply. */
  RejectException toException() {
    return dropConnection ? new DropConnectionException(code, text) : new RejectException(code, text);
  }

  @Override
  public String toString() {
    return reset ? "connection reset (no reply)" : line() + (dropConnection ? " (drop)" : "");
  }

  private static void requireFailure(int code) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("a rejection needs a 4xx or 5xx code: " + code);
    }
  }
}
