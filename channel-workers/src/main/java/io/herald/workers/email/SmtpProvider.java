package io.herald.workers.email;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.channel.ChannelProvider;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.SmtpStatus;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email over one SMTP relay. Keeps up to {@code maxConnections} connections, each one reused
 * {@code Transport} (Angus Mail has no pool); a connection is dropped after a 421, an I/O error or a
 * dropped line, and reconnected on its next use. Thread-safe.
 */
public final class SmtpProvider implements ChannelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpProvider.class);
    private final SmtpProviderConfig config;
    private final Session session;
    private final InternetAddress from;
    private final BlockingQueue<Connection> connections;

    static {
        StreamProviderPin.apply();
    }

    public SmtpProvider(SmtpProviderConfig config) {
        this.config = config;
        this.session = Session.getInstance(properties(config, trustedBy(config)));
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("from address of " + config.id() + " is not a valid address", e);
        }
        this.connections = new ArrayBlockingQueue<>(config.maxConnections());
        for (int i = 0; i < config.maxConnections(); i++) connections.add(new Connection());
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public AttemptResult send(DispatchCommand command) {
        MimeMessage message;
        try {
            message = MimeRenderer.render(session, command, from);
        } catch (AddressException e) {
            return new AttemptResult.Failed(new Failure.Refused("invalid-address", "recipient address is not RFC 822"));
        } catch (MessagingException e) {
            return new AttemptResult.Failed(new Failure.Refused("unrenderable", e.getClass().getSimpleName()));
        }
        Connection connection;
        try {
            connection = connections.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AttemptResult.Failed(new Failure.Io(io.herald.workers.classify.IoKind.OTHER, false, "interrupted"));
        }
        try {
            AttemptResult result = connection.send(message);
            // A reused connection may have been closed by the server while idle: one fresh try is not a retry.
            if (result instanceof AttemptResult.Failed f && f.failure() instanceof Failure.Io io && !io.handedOver() && connection.reused) {
                connection.close();
                result = connection.send(message);
            }
            return result;
        } finally {
            connections.add(connection);
        }
    }

    @Override
    public void close() {
        for (Connection c : connections) c.close();
    }

    private final class Connection {
        private HeraldSmtpTransport transport;
        private boolean reused;

        AttemptResult send(MimeMessage message) {
            boolean handedOver = false;
            try {
                if (transport == null) {
                    reused = false;
                    // No password in the URLName: Service.toString() prints it, and exceptions and logs may print the service.
                    HeraldSmtpTransport t = new HeraldSmtpTransport(session,
                            new URLName(config.tls() == TlsMode.SMTPS ? "smtps" : "smtp", config.host(), config.port(), null,
                                    config.username(), null), config.tls() == TlsMode.SMTPS);
                    // Kept only once connected: a transport whose connect (TLS, AUTH) failed must not be "reused".
                    try {
                        t.connect(config.host(), config.port(), config.username(), config.password());
                    } catch (MessagingException | RuntimeException e) {
                        closeQuietly(t);
                        throw e;
                    }
                    transport = t;
                } else {
                    reused = true;
                }
                transport.startMessage();
                transport.sendMessage(message, message.getAllRecipients());
                reused = true;
                return new AttemptResult.Sent(successCode(transport.getLastServerResponse()), 1);
            } catch (MessagingException | RuntimeException e) {
                handedOver = transport != null && transport.handedOver();
                Failure failure = SmtpFailures.describe(e, handedOver);
                if (mustReconnect(failure)) close();
                return new AttemptResult.Failed(failure);
            }
        }

        /** 421 closes the channel by definition; network failures leave it in an unknown state. */
        private boolean mustReconnect(Failure failure) {
            if (failure instanceof Failure.SmtpReply r) return r.code() == 421 || r.code() < 400;
            return true;
        }

        void close() {
            if (transport != null) {
                closeQuietly(transport);
                transport = null;
            }
        }

        private void closeQuietly(HeraldSmtpTransport t) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("closing SMTP connection to {} failed: {}", config.id(), e.getClass().getSimpleName());
            }
        }
    }

    /** The bare address of a sender such as {@code Herald <noreply@example.com>}, for an envelope command. */
    static String envelopeAddress(String from) {
        try {
            return new InternetAddress(from, true).getAddress();
        } catch (AddressException e) {
            throw new IllegalArgumentException("from address is not a valid address", e);
        }
    }

    static String successCode(String lastResponse) {
        int code = SmtpStatus.replyCodeIn(lastResponse);
        return code < 0 ? "250" : SmtpStatus.providerCode(code, lastResponse);
    }

    /** The provider's own trust anchors, or null for the JVM's default; the config has already checked the file. */
    static SSLSocketFactory trustedBy(SmtpProviderConfig c) {
        if (c.trustCaFile() == null) return null;
        try {
            return ProviderTrust.socketFactory(c.trustCaFile());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trust CA file of " + c.id() + " (" + c.trustCaFile() + ") is unusable: " + e.getMessage(), e);
        }
    }

    static Properties properties(SmtpProviderConfig c) {
        return properties(c, null);
    }

    static Properties properties(SmtpProviderConfig c, SSLSocketFactory trusted) {
        String p = c.tls() == TlsMode.SMTPS ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "host", c.host());
        props.put(p + "port", Integer.toString(c.port()));
        props.put(p + "connectiontimeout", Long.toString(c.connectTimeout().toMillis()));
        props.put(p + "timeout", Long.toString(c.readTimeout().toMillis()));
        props.put(p + "auth", Boolean.toString(c.authenticated()));
        props.put(p + "from", c.from());
        props.put(p + "quitwait", "false");
        if (c.tls() == TlsMode.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (c.tls() != TlsMode.NONE) props.put(p + "ssl.checkserveridentity", "true");
        // An object property: used for the SMTPS socket and for the STARTTLS upgrade alike, for this session only.
        if (trusted != null) props.put(p + "ssl.socketFactory", trusted);
        return props;
    }
}
