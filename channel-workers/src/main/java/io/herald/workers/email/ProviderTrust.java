package io.herald.workers.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust anchors of one SMTP provider with a private CA or a self-signed certificate: the certificates
 * of a PEM file and nothing else. Scoped to that provider's mail session, so neither the JVM-wide trust
 * store nor the other providers are affected. The certificate chain is still validated (PKIX) and the host
 * name still checked by the session ({@code ssl.checkserveridentity}); nothing here trusts blindly.
 */
public final class ProviderTrust {
    private ProviderTrust() {
    }

    /**
     * A socket factory trusting exactly the certificates in {@code pemFile} (one or more PEM or DER blocks).
     *
     * @throws IOException              when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate or a malformed one
     */
    public static SSLSocketFactory socketFactory(Path pemFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) throw new CertificateException("no certificate found");
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) anchors.setCertificateEntry("ca-" + i++, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
