package io.herald.devkit.smtp;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SSLSocketCreator;

/**
 * How a {@link ScriptedSmtpServer} secures its sessions: TLS mode, certificate names, the one accepted login
 * and whether AUTH is required. {@link #toString()} leaves the password out.
 */
record SmtpSecurity(SmtpTls tls, List<String> certificateNames, String username, String password,
    boolean authRequired) {

  SmtpSecurity {
    certificateNames = List.copyOf(certificateNames);
    if (authRequired && username == null) {
      throw new IllegalStateException("requireAuth() needs credentials(username, password)");
    }
  }

  /** Whether AUTH PLAIN/LOGIN is offered. */
  boolean offersAuth() {
    return username != null;
  }

  /** Configures TLS and AUTH on a SubEthaSMTP builder; {@code certificate} is null for plain text. */
  void applyTo(SMTPServer.Builder builder, ServerCertificate certificate) {
    switch (tls) {
      case NONE -> { }
      case STARTTLS_OFFERED -> builder.enableTLS().startTlsSocketFactory(startTls(certificate.serverContext()));
      case STARTTLS_REQUIRED -> builder.enableTLS().requireTLS()
          .startTlsSocketFactory(startTls(certificate.serverContext()));
      case IMPLICIT -> builder.serverSocketFactory(certificate.serverContext());
      default -> throw new IllegalStateException("unknown TLS mode " + tls);
    }
    if (offersAuth()) {
      builder.authenticationHandlerFactory(new SmtpCredentials(username, password));
    }
  }

  /**
   * Wraps the plain socket after {@code 220 Ready to start TLS}. SubEthaSMTP's own creator enables every
   * protocol the JDK supports and resolves the peer's host name; this one keeps the JDK's default protocols
   * (TLS 1.2/1.3) and the literal address.
   */
  private static SSLSocketCreator startTls(SSLContext context) {
    return (Socket socket) -> {
      InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
      SSLSocket secured = (SSLSocket) context.getSocketFactory()
          .createSocket(socket, peer.getHostString(), socket.getPort(), true);
      secured.setUseClientMode(false);
      return secured;
    };
  }

  @Override
  public String toString() {
    // The password is a test secret, but a secret printed once gets copied everywhere.
    return "SmtpSecurity[tls=" + tls + ", certificateNames=" + certificateNames + ", auth=" + offersAuth()
        + ", authRequired=" + authRequired + "]";
  }
}
