package io.herald.workers.email;

import io.herald.contracts.Channel;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.SmtpStatus;
import io.herald.workers.probe.Probe;
import io.herald.workers.probe.ProbeResult;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.time.Duration;

/**
 * Probes one SMTP relay the way a message would start, and stops before any message: connect (with the
 * provider's TLS and AUTH settings, so a broken login or certificate shows too), EHLO, {@code MAIL FROM}
 * the provider's sender, {@code RCPT TO} the probe address, {@code RSET}, {@code QUIT}. Never DATA. An
 * Exchange-style outage answers the RCPT with {@code 451 4.3.2}; a recovered relay answers {@code 250}.
 * Bounded by the provider's connect and read timeouts. Uses its own connection, never a delivery one.
 */
public final class SmtpProbe implements Probe {
    private final SmtpProviderConfig config;
    private final Session session;

    public SmtpProbe(SmtpProviderConfig config) {
        this.config = config;
        this.session = Session.getInstance(SmtpProvider.properties(config, SmtpProvider.trustedBy(config)));
    }

    @Override
    public String providerId() {
        return config.id();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public ProbeResult probe() {
        long start = System.nanoTime();
        // No password in the URLName: Service.toString() prints it.
        HeraldSmtpTransport transport = new HeraldSmtpTransport(session, new URLName(config.tls() == TlsMode.SMTPS ? "smtps" : "smtp",
                config.host(), config.port(), null, config.username(), null), config.tls() == TlsMode.SMTPS);
        String stage = "connect";
        try {
            transport.connect(config.host(), config.port(), config.username(), config.password());
            stage = "mail-from";
            int mail = transport.simpleCommand("MAIL FROM:<" + SmtpProvider.envelopeAddress(config.from()) + ">");
            if (mail != 250) return refused(stage, mail, transport.getLastServerResponse(), start);
            stage = "rcpt-to";
            int rcpt = transport.simpleCommand("RCPT TO:<" + config.probeRecipient() + ">");
            if (rcpt != 250 && rcpt != 251) return refused(stage, rcpt, transport.getLastServerResponse(), start);
            String accepted = "smtp:" + SmtpStatus.providerCode(rcpt, transport.getLastServerResponse());
            // End the transaction: nothing may follow the accepted recipient.
            transport.simpleCommand("RSET");
            return new ProbeResult(true, accepted, "rcpt-to-accepted", millisSince(start));
        } catch (MessagingException | RuntimeException e) {
            Failure failure = SmtpFailures.describe(e, false);
            String code = failure instanceof Failure.SmtpReply r ? "smtp:" + SmtpStatus.providerCode(r.code(), r.text())
                    : failure instanceof Failure.Io io ? io.kind().code() : "io:other";
            return new ProbeResult(false, code, stage + "-failed", millisSince(start));
        } finally {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                // QUIT on a connection the server already dropped: nothing left to release.
            }
        }
    }

    private static ProbeResult refused(String stage, int code, String response, long start) {
        return new ProbeResult(false, "smtp:" + SmtpStatus.providerCode(code, response), stage + "-refused", millisSince(start));
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
