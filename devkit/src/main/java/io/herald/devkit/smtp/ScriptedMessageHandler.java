package io.herald.devkit.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One mail transaction on one connection (SubEthaSMTP creates a handler per {@code MAIL FROM}): asks the
 * server's script at each stage and either throws the scripted rejection or remembers what was accepted.
 */
final class ScriptedMessageHandler implements MessageHandler {
  /** What Postfix and Exchange answer to MAIL FROM before AUTH when they require it. */
  static final SmtpReply AUTHENTICATION_REQUIRED_530 = SmtpReply.reject(530, "5.7.0 Authentication required");

  private final ScriptedSmtpServer server;
  private final MessageContext context;
  private final List<String> recipients = new ArrayList<>();
  private String sender;

  ScriptedMessageHandler(ScriptedSmtpServer server, MessageContext context) {
    this.server = server;
    this.context = context;
  }

  @Override
  public void from(String from) throws RejectException {
    if (server.requiresAuth() && context.getAuthenticationHandler().isEmpty()) {
      throw AUTHENTICATION_REQUIRED_530.toException();
    }
    reject(attempt(SmtpStage.MAIL_FROM, Optional.ofNullable(from), Optional.empty(), Optional.empty()));
    sender = from == null ? "" : from;
  }

  @Override
  public void recipient(String recipient) throws RejectException {
    reject(attempt(SmtpStage.RCPT_TO, Optional.of(sender), Optional.of(recipient), Optional.empty()));
    recipients.add(recipient);
  }

  @Override
  public String data(InputStream data) throws RejectException, IOException {
    // Read everything first: a DATA rule may look at the message, and the client expects its reply only
    // after the final dot either way.
    byte[] mime = data.readAllBytes();
    ReceivedMail mail = ReceivedMail.of(sender, recipients, mime, server.clock().instant(), overTls(),
        context.getAuthenticationHandler().map(handler -> String.valueOf(handler.getIdentity())));
    reject(attempt(SmtpStage.DATA, Optional.of(sender), Optional.empty(), Optional.of(mail)));
    long number = server.record(mail);
    return "2.0.0 Ok: queued as " + number;
  }

  @Override
  public void done() {
    // Nothing to release: the transaction's state lives in this handler and is dropped with it.
  }

  /** STARTTLS flags the session; implicit TLS does not, but then the socket was TLS from the start. */
  private boolean overTls() {
    return context instanceof Session session
        && (session.isTLSStarted() || session.getSocket() instanceof SSLSocket);
  }

  private SmtpAttempt attempt(SmtpStage stage, Optional<String> from, Optional<String> recipient,
      Optional<ReceivedMail> message) {
    return new SmtpAttempt(stage, server.clock().instant(), from, recipient, recipients, message);
  }

  private void reject(SmtpAttempt attempt) throws RejectException {
    Optional<SmtpReply> rejection = server.decide(attempt);
    if (rejection.isPresent()) {
      if (rejection.get().reset()) {
        reset();
      }
      throw rejection.get().toException();
    }
  }

  /**
   * Resets the connection: a zero linger makes close() send RST instead of FIN, so the client's next read
   * fails with "Connection reset" and no reply line ever reaches it. The exception thrown afterwards only
   * ends SubEthaSMTP's session (its reply cannot be written any more).
   */
  private void reset() {
    if (!(context instanceof Session session)) {
      throw new IllegalStateException("cannot reset: the message context is not a SubEthaSMTP session");
    }
    Socket socket = session.getSocket();
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // Already closed by the client: there is nothing left to reset.
    }
  }
}
