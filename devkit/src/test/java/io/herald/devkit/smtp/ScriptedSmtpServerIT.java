package io.herald.devkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.devkit.time.ManualClock;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jakarta Mail (Angus) against the scripted server: what a Herald email worker will see. */
class ScriptedSmtpServerIT {
  private static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");

  private final ManualClock clock = ManualClock.at(T0);
  private ScriptedSmtpServer smtp;
  private Session session;

  @BeforeEach
  void startServer() {
    smtp = ScriptedSmtpServer.builder().clock(clock).build().start();
    session = sessionFor(smtp);
  }

  @AfterEach
  void stopServer() {
    smtp.close();
  }

  @Test
  void recordsAnAcceptedMessageWithEnvelopeAndHeaders() throws Exception {
    Transport.send(message("<n-1@herald.io>", "alerts@herald.io", "ada@example.com", "Your receipt"));

    assertThat(smtp.received()).singleElement().satisfies(mail -> {
      assertThat(mail.envelopeFrom()).isEqualTo("alerts@herald.io");
      assertThat(mail.recipients()).containsExactly("ada@example.com");
      assertThat(mail.messageId()).contains("<n-1@herald.io>");
      assertThat(mail.subject()).contains("Your receipt");
      assertThat(mail.receivedAt()).isEqualTo(T0);
      assertThat(((String) mail.toMimeMessage().getContent()).trim()).isEqualTo("Thanks for your order.");
    });
    assertThat(smtp.receivedCount()).isEqualTo(1);
    assertThat(smtp.connectionCount()).isEqualTo(1);
  }

  @Test
  void deferral451ReachesTheClientAsReturnCode451() throws Exception {
    smtp.script(Replies.deferAll451());

    SendFailedException failure = catchThrowableOfType(
        () -> Transport.send(message("<n-2@herald.io>", "alerts@herald.io", "ada@example.com", "Hi")),
        SendFailedException.class);

    SMTPAddressFailedException rcpt = (SMTPAddressFailedException) failure.getNextException();
    assertThat(rcpt.getReturnCode()).isEqualTo(451);
    assertThat(rcpt.getMessage()).contains("4.3.2");
    assertThat(smtp.received()).isEmpty();
    assertThat(smtp.rejectedCount(Replies.TEMPORARY_SERVER_ERROR_451)).isEqualTo(1);
  }

  @Test
  void theAttemptLogKeepsEveryStepWithTheReplyItGot() throws Exception {
    smtp.script(Replies.deferAll451().forRecipient("grace@example.com"));

    catchThrowableOfType(() -> Transport.send(message("<n-9@herald.io>", "alerts@herald.io", "grace@example.com", "Hi")),
        SendFailedException.class);
    Transport.send(message("<n-10@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));

    List<LoggedAttempt> rcpts = smtp.attempts().stream().filter(a -> a.stage() == SmtpStage.RCPT_TO).toList();
    assertThat(rcpts).extracting(LoggedAttempt::recipient, LoggedAttempt::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Optional.of("grace@example.com"), 451),
        org.assertj.core.groups.Tuple.tuple(Optional.of("ada@example.com"), 250));
    assertThat(smtp.attempts()).extracting(LoggedAttempt::stage).contains(SmtpStage.CONNECT, SmtpStage.MAIL_FROM, SmtpStage.DATA);
    assertThat(rcpts).allSatisfy(a -> assertThat(a.at()).isEqualTo(T0));
  }

  @Test
  void unknownMailboxIsRejected550OnlyForThatRecipient() throws Exception {
    smtp.script(Replies.mailboxUnknown550().forRecipient("ghost@example.com"));

    SendFailedException failure = catchThrowableOfType(
        () -> Transport.send(message("<n-3@herald.io>", "alerts@herald.io", "ghost@example.com", "Hi")),
        SendFailedException.class);
    Transport.send(message("<n-4@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));

    SMTPAddressFailedException rcpt = (SMTPAddressFailedException) failure.getNextException();
    assertThat(rcpt.getReturnCode()).isEqualTo(550);
    assertThat(rcpt.getMessage()).contains("5.1.1");
    assertThat(smtp.received()).extracting(ReceivedMail::messageId).containsExactly(Optional.of("<n-4@herald.io>"));
  }

  @Test
  void connectionLimit421DropsTheConnectionAndAReconnectSucceeds() throws Exception {
    smtp.script(Replies.connectionLimit421().times(1));
    Transport transport = session.getTransport("smtp");
    transport.connect();

    SMTPSendFailedException failure = catchThrowableOfType(
        () -> send(transport, message("<n-5@herald.io>", "alerts@herald.io", "ada@example.com", "Hi")),
        SMTPSendFailedException.class);
    assertThat(failure.getReturnCode()).isEqualTo(421);
    assertThat(transport.isConnected()).isFalse();

    transport.connect();
    send(transport, message("<n-6@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));
    transport.close();

    assertThat(smtp.received()).extracting(mail -> mail.messageId().orElseThrow()).containsExactly("<n-6@herald.io>");
    assertThat(smtp.connectionCount()).isEqualTo(2);
    assertThat(smtp.rejectedCount(Replies.TOO_MANY_CONNECTIONS_421)).isEqualTo(1);
  }

  @Test
  void aResetInTheMiddleOfDataReachesTheClientAfterItsFinalDotWithNoReplyAndNothingQueued() throws Exception {
    smtp.script(SmtpRule.onData(SmtpReply.connectionReset()).forRecipient("ada@example.com").times(1));
    Transport transport = session.getTransport("smtp");
    transport.connect();

    MessagingException failure = catchThrowableOfType(
        () -> send(transport, message("<n-20@herald.io>", "alerts@herald.io", "ada@example.com", "Hi")),
        MessagingException.class);

    // No reply code: the client's read of the verdict failed on the reset connection.
    assertThat(failure).isNotNull().isNotInstanceOf(SMTPSendFailedException.class);
    assertThat(transport.isConnected()).isFalse();
    // The server had the whole message (DATA rules decide after the final dot) and queued nothing.
    assertThat(smtp.attempts()).extracting(LoggedAttempt::stage, LoggedAttempt::code).contains(
        org.assertj.core.groups.Tuple.tuple(SmtpStage.DATA, 421));
    assertThat(smtp.received()).isEmpty();
    assertThat(smtp.rejectedCount(SmtpReply.connectionReset())).isEqualTo(1);

    // The rule was for one attempt: the next connection is served normally.
    Transport.send(message("<n-21@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));
    assertThat(smtp.received()).extracting(mail -> mail.messageId().orElseThrow()).containsExactly("<n-21@herald.io>");
  }

  @Test
  void timeWindowedOutageEndsWhenTheWindowCloses() throws Exception {
    smtp.script(Replies.deferAll451().forNext(Duration.ofSeconds(30)));

    assertThat(returnCodeOf(message("<n-7@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"))).isEqualTo(451);
    clock.advance(Duration.ofSeconds(29));
    assertThat(returnCodeOf(message("<n-8@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"))).isEqualTo(451);
    clock.advance(Duration.ofSeconds(1));
    Transport.send(message("<n-9@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));

    assertThat(smtp.received()).extracting(mail -> mail.messageId().orElseThrow()).containsExactly("<n-9@herald.io>");
    assertThat(smtp.rejectedCount()).isEqualTo(2);
  }

  @Test
  void contentRuleRejectsAfterDataWithTheMessageInHand() throws Exception {
    smtp.script(Replies.contentRejected554().whenMessage(mail -> mail.subject().orElse("").contains("WIN")));

    SMTPSendFailedException failure = catchThrowableOfType(
        () -> Transport.send(message("<n-10@herald.io>", "promo@herald.io", "ada@example.com", "YOU WIN")),
        SMTPSendFailedException.class);
    Transport.send(message("<n-11@herald.io>", "alerts@herald.io", "ada@example.com", "Receipt"));

    assertThat(failure.getReturnCode()).isEqualTo(554);
    assertThat(smtp.received()).extracting(mail -> mail.subject().orElseThrow()).containsExactly("Receipt");
  }

  @Test
  void acceptRuleExemptsARecipientFromALaterOutage() throws Exception {
    smtp.script(Replies.acceptRecipients().forDomain("herald.io"));
    smtp.script(Replies.deferAll451());

    Transport.send(message("<n-12@herald.io>", "alerts@herald.io", "oncall@herald.io", "Page"));

    assertThat(returnCodeOf(message("<n-13@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"))).isEqualTo(451);
    assertThat(smtp.received()).extracting(ReceivedMail::recipients).containsExactly(List.of("oncall@herald.io"));
  }

  @Test
  void greeting421IsAPlainMessagingExceptionOnConnect() throws Exception {
    smtp.script(Replies.greeting421().times(1));
    Transport transport = session.getTransport("smtp");

    assertThatThrownBy(transport::connect).isExactlyInstanceOf(MessagingException.class).hasMessageContaining("421");

    transport.connect();
    assertThat(transport.isConnected()).isTrue();
    transport.close();
  }

  @Test
  void connectionsBeyondTheLimitAreGreetedWith421() throws Exception {
    try (ScriptedSmtpServer limited = ScriptedSmtpServer.builder().maxConnections(1).build().start()) {
      Session limitedSession = sessionFor(limited);
      Transport first = limitedSession.getTransport("smtp");
      first.connect();
      try {
        assertThatThrownBy(() -> limitedSession.getTransport("smtp").connect())
            .isInstanceOf(MessagingException.class).hasMessageContaining("421");
      } finally {
        first.close();
      }
    }
  }

  @Test
  void restartsOnTheSamePortWithRecordsKept() throws Exception {
    Transport.send(message("<n-14@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));
    int port = smtp.port();

    smtp.stop();
    assertThatThrownBy(() -> Transport.send(message("<n-15@herald.io>", "alerts@herald.io", "ada@example.com", "Hi")))
        .isInstanceOf(MessagingException.class);
    smtp.start();
    Transport.send(message("<n-16@herald.io>", "alerts@herald.io", "ada@example.com", "Hi"));

    assertThat(smtp.port()).isEqualTo(port);
    assertThat(smtp.received()).extracting(mail -> mail.messageId().orElseThrow())
        .containsExactly("<n-14@herald.io>", "<n-16@herald.io>");
  }

  private int returnCodeOf(MimeMessage message) {
    SendFailedException failure = catchThrowableOfType(() -> Transport.send(message), SendFailedException.class);
    assertThat(failure).as("send should have failed").isNotNull();
    return ((SMTPAddressFailedException) failure.getNextException()).getReturnCode();
  }

  private static void send(Transport transport, MimeMessage message) throws MessagingException {
    message.saveChanges();
    transport.sendMessage(message, message.getAllRecipients());
  }

  private MimeMessage message(String messageId, String from, String to, String subject) throws MessagingException {
    MimeMessage message = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        // Herald derives Message-ID from the notification id so resends are recognisable.
        setHeader("Message-ID", messageId);
      }
    };
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject(subject);
    message.setText("Thanks for your order.");
    return message;
  }

  private static Session sessionFor(ScriptedSmtpServer server) {
    Properties props = new Properties();
    props.put("mail.smtp.host", server.host());
    props.put("mail.smtp.port", String.valueOf(server.port()));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    return Session.getInstance(props);
  }
}
