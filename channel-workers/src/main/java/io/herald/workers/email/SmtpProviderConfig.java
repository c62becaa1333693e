package io.herald.workers.email;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One SMTP provider (relay) of the email channel.
 *
 * @param id             provider id in outcomes and health ({@code smtp-primary})
 * @param from           envelope and header sender address
 * @param maxRate        messages per second the provider allows (the AIMD ceiling)
 * @param maxConnections concurrent SMTP connections, each one reused Transport
 * @param trustCaFile    PEM file of the CA (or self-signed certificate) this provider's TLS certificate must
 *                       chain to, instead of the JVM's default trust store; null to use the default
 * @param probeAddress   the recipient the health probe offers in {@code RCPT TO} (no message is ever sent to it);
 *                       null for {@code postmaster@} the domain of {@code from}. Never logged.
 */
public record SmtpProviderConfig(String id, String host, int port, TlsMode tls, String username, String password,
                                 String from, double maxRate, int maxConnections, Duration connectTimeout,
                                 Duration readTimeout, Path trustCaFile, String probeAddress) {
    public SmtpProviderConfig {
        Objects.requireNonNull(id, "smtp provider id");
        Objects.requireNonNull(host, "host of " + id);
        Objects.requireNonNull(tls, "tls of " + id);
        Objects.requireNonNull(from, "from of " + id);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port of " + id + " must be 1..65535, was " + port);
        if (maxRate <= 0) throw new IllegalArgumentException("max rate of " + id + " must be > 0, was " + maxRate);
        if (maxConnections < 1) throw new IllegalArgumentException("max connections of " + id + " must be >= 1");
        Objects.requireNonNull(connectTimeout, "connect timeout of " + id);
        Objects.requireNonNull(readTimeout, "read timeout of " + id);
        // A CA for a plain-text connection would never be used: most likely TLS was forgotten.
        if (trustCaFile != null && tls == TlsMode.NONE) {
            throw new IllegalArgumentException("trust CA file of " + id + " needs TLS STARTTLS or SMTPS, not NONE");
        }
        if (probeAddress != null && (probeAddress.isBlank() || probeAddress.indexOf('@') < 1)) {
            throw new IllegalArgumentException("probe address of " + id + " must be an address like postmaster@example.com");
        }
    }

    /** A provider with the default probe address. */
    public SmtpProviderConfig(String id, String host, int port, TlsMode tls, String username, String password, String from,
                              double maxRate, int maxConnections, Duration connectTimeout, Duration readTimeout, Path trustCaFile) {
        this(id, host, port, tls, username, password, from, maxRate, maxConnections, connectTimeout, readTimeout, trustCaFile, null);
    }

    /** A provider trusting the JVM's default CAs. */
    public SmtpProviderConfig(String id, String host, int port, TlsMode tls, String username, String password, String from,
                              double maxRate, int maxConnections, Duration connectTimeout, Duration readTimeout) {
        this(id, host, port, tls, username, password, from, maxRate, maxConnections, connectTimeout, readTimeout, null);
    }

    /** A plain local relay (devkit sink) with generous limits. */
    public static SmtpProviderConfig local(String id, String host, int port, String from) {
        return new SmtpProviderConfig(id, host, port, TlsMode.NONE, null, null, from, 1000, 4,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** The recipient the health probe offers: the configured one, or {@code postmaster@} the sender's domain (RFC 5321 §4.5.1). */
    public String probeRecipient() {
        if (probeAddress != null) return probeAddress;
        String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.lastIndexOf('>')) : from;
        return "postmaster@" + address.substring(address.lastIndexOf('@') + 1).trim();
    }

    public boolean authenticated() {
        return username != null && !username.isBlank();
    }

    @Override
    public String toString() {
        return "SmtpProvider[" + id + " " + host + ":" + port + " tls=" + tls + " user=" + (authenticated() ? username : "none")
                + " password=" + (password == null ? "none" : "****") + " trustCa=" + (trustCaFile == null ? "default" : trustCaFile)
                + " maxRate=" + maxRate + "/s maxConnections=" + maxConnections + "]";
    }
}
