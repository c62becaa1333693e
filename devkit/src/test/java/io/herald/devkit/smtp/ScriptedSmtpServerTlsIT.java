package io.herald.devkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** STARTTLS, implicit TLS and AUTH on the scripted server, seen through Jakarta Mail (Angus) as Herald uses it. */
class ScriptedSmtpServerTlsIT {
  private static final String USER = "herald";
  private static final String PASSWORD = "correct-horse";

  @Test
  void requiredStartTlsWithAuthRecordsTheEncryptedSessionAndTheUser() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_REQUIRED)
        .credentials(USER, PASSWORD).requireAuth().build().start()) {
      Session session = session(smtp, "smtp", trusting(smtp), true);

      send(session, "smtp", smtp, USER, PASSWORD);

      assertThat(smtp.received()).singleElement().satisfies(mail -> {
        assertThat(mail.tls()).isTrue();
        assertThat(mail.authenticatedUser()).contains(USER);
        assertThat(mail.toString()).doesNotContain(USER).contains("tls=true");
      });
    }
  }

  @Test
  void implicitTlsAcceptsMailFromAClientThatTrustsTheCertificate() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.IMPLICIT)
        .credentials(USER, PASSWORD).build().start()) {
      Session session = session(smtp, "smtps", trusting(smtp), false);

      send(session, "smtps", smtp, USER, PASSWORD);

      assertThat(smtp.received()).singleElement().satisfies(mail -> {
        assertThat(mail.tls()).isTrue();
        assertThat(mail.authenticatedUser()).contains(USER);
      });
    }
  }

  @Test
  void offeredStartTlsStillAcceptsAPlainClientAndRecordsItAsPlain() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_OFFERED).build().start()) {
      Session session = session(smtp, "smtp", new Properties(), false);

      send(session, "smtp", smtp, null, null);

      assertThat(smtp.received()).singleElement().satisfies(mail -> {
        assertThat(mail.tls()).isFalse();
        assertThat(mail.authenticatedUser()).isEmpty();
      });
    }
  }

  @Test
  void requiredStartTlsRefusesMailInPlainText() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_REQUIRED).build().start()) {
      Session session = session(smtp, "smtp", new Properties(), false);

      SMTPSendFailedException refused = catchThrowableOfType(() -> send(session, "smtp", smtp, null, null),
          SMTPSendFailedException.class);

      assertThat(refused.getReturnCode()).isEqualTo(530);
      assertThat(refused.getMessage()).contains("STARTTLS");
      assertThat(smtp.received()).isEmpty();
    }
  }

  @Test
  void aWrongPasswordIsAnswered535WithEnhancedCode578() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_REQUIRED)
        .credentials(USER, PASSWORD).requireAuth().build().start()) {
      Session session = session(smtp, "smtp", trusting(smtp), true);

      AuthenticationFailedException failed = catchThrowableOfType(
          () -> send(session, "smtp", smtp, USER, "wrong-password"), AuthenticationFailedException.class);

      assertThat(failed.getMessage()).contains("535 5.7.8 Authentication credentials invalid");
      assertThat(smtp.received()).isEmpty();
    }
  }

  @Test
  void mailBeforeAuthIsRefused530WhenAuthIsRequired() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().credentials(USER, PASSWORD).requireAuth()
        .build().start()) {
      Session session = session(smtp, "smtp", new Properties(), false);

      SMTPSendFailedException refused = catchThrowableOfType(() -> send(session, "smtp", smtp, null, null),
          SMTPSendFailedException.class);

      assertThat(refused.getReturnCode()).isEqualTo(530);
      assertThat(refused.getMessage()).contains("5.7.0 Authentication required");
      assertThat(smtp.received()).isEmpty();
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.IMPLICIT).build().start()) {
      Session session = session(smtp, "smtps", new Properties(), false);

      MessagingException failed = catchThrowableOfType(() -> send(session, "smtps", smtp, null, null),
          MessagingException.class);

      assertThat(failed).hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
      assertThat(failed).hasCauseInstanceOf(SSLHandshakeException.class);
      assertThat(smtp.received()).isEmpty();
    }
  }

  @Test
  void theCertificateNamesLoopbackAndTheTrustFilesHoldIt() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_OFFERED).build().start()) {
      X509Certificate cert = smtp.certificate().certificate();
      X509Certificate fromPem;
      try (var in = Files.newInputStream(smtp.certificate().pemFile())) {
        fromPem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      var trustStore = java.security.KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(smtp.certificate().trustStore())) {
        trustStore.load(in, smtp.certificate().trustStorePassword().toCharArray());
      }

      assertThat(cert.getSubjectAlternativeNames())
          .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
      assertThat(fromPem).isEqualTo(cert);
      assertThat(trustStore.getCertificateAlias(cert)).isNotNull();
    }
  }

  @Test
  void aRestartKeepsTheCertificateSoTrustingClientsStillConnect() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().tls(SmtpTls.IMPLICIT).build().start()) {
      ServerCertificate before = smtp.certificate();
      smtp.stop();
      smtp.start();

      send(session(smtp, "smtps", trusting(smtp), false), "smtps", smtp, null, null);

      assertThat(smtp.certificate()).isSameAs(before);
      assertThat(smtp.receivedCount()).isEqualTo(1);
    }
  }

  @Test
  void aPlainServerHasNoCertificateAndRequireAuthNeedsCredentials() {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().build().start()) {
      assertThatThrownBy(smtp::certificate).hasMessageContaining("plain text");
    }
    assertThatThrownBy(() -> ScriptedSmtpServer.builder().requireAuth().build())
        .hasMessageContaining("credentials");
  }

  private static Properties trusting(ScriptedSmtpServer smtp) {
    Properties props = new Properties();
    props.put("ssl.socketFactory", smtp.certificate().clientContext().getSocketFactory());
    return props;
  }

  /** A session for {@code protocol}; {@code tlsProps} keys are given without the {@code mail.<protocol>.} prefix. */
  private static Session session(ScriptedSmtpServer smtp, String protocol, Properties tlsProps, boolean startTls) {
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put(p + "host", smtp.host());
    props.put(p + "port", String.valueOf(smtp.port()));
    props.put(p + "connectiontimeout", "5000");
    props.put(p + "timeout", "5000");
    props.put(p + "ssl.checkserveridentity", "true");
    if (startTls) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    tlsProps.forEach((key, value) -> props.put(p + key, value));
    return Session.getInstance(props);
  }

  private static void send(Session session, String protocol, ScriptedSmtpServer smtp, String user, String password)
      throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("alerts@herald.io"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("ada@example.com"));
    message.setSubject("Secure hello");
    message.setText("Sent over whatever the server demands.");
    message.saveChanges();
    try (Transport transport = session.getTransport(protocol)) {
      if (user == null) {
        transport.connect();
      } else {
        session.getProperties().put("mail." + protocol + ".auth", "true");
        transport.connect(smtp.host(), smtp.port(), user, password);
      }
      transport.sendMessage(message, message.getAllRecipients());
    }
  }
}
