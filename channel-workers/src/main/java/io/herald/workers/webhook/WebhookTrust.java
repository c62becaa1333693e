package io.herald.workers.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust anchors of the webhook channel when an extra CA is configured: the JVM's own (recipients' endpoints are
 * public HTTPS sites) plus the certificates of one PEM file (a private CA, or the local stack's receiver). Chains are
 * still validated and host names still checked; nothing here trusts blindly.
 */
final class WebhookTrust {
    private WebhookTrust() {
    }

    /**
     * A TLS context trusting the JVM's default anchors and the certificates in {@code pemFile}.
     *
     * @throws IOException              when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate or a malformed one
     */
    static SSLContext withExtraAnchors(Path pemFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(pemFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) throw new CertificateException("no certificate found");
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int i = 0;
        for (X509Certificate system : systemAnchors()) anchors.setCertificateEntry("system-" + i++, system);
        for (Certificate certificate : extra) anchors.setCertificateEntry("extra-" + i++, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static X509Certificate[] systemAnchors() throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        for (TrustManager manager : system.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) return x509.getAcceptedIssuers();
        }
        return new X509Certificate[0];
    }
}
