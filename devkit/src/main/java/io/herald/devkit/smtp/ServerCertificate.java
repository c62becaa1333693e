package io.herald.devkit.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate made for one test server, with its trust material written to temporary
 * files so a client can be pointed at them: {@link #pemFile()} (the certificate in PEM, what an operator
 * hands Herald as a private CA) and {@link #trustStore()} (a PKCS12 trust store).
 *
 * <p>Generated with the JDK's own {@code keytool} in a child process, so the devkit needs no crypto library:
 * an EC P-256 key (fast to make), valid for a week, with the names as subject alternative names (IP
 * addresses as {@code IP:}, everything else as {@code DNS:}) because clients check the SAN, not the CN.
 * The files are deleted when the JVM exits.
 */
public final class ServerCertificate {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
  private static final String ALIAS = "herald-devkit-smtp";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final List<String> names;
  private final KeyStore keyStore;
  private final char[] password;
  private final X509Certificate certificate;
  private final Path pemFile;
  private final Path trustStore;

  private ServerCertificate(List<String> names, KeyStore keyStore, char[] password, X509Certificate certificate,
      Path pemFile, Path trustStore) {
    this.names = names;
    this.keyStore = keyStore;
    this.password = password;
    this.certificate = certificate;
    this.pemFile = pemFile;
    this.trustStore = trustStore;
  }

  /** A new key pair and self-signed certificate for {@code names} (host names or IP addresses). */
  public static ServerCertificate selfSigned(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    List<String> copy = List.copyOf(names);
    try {
      Path dir = Files.createTempDirectory("herald-smtp-tls-");
      dir.toFile().deleteOnExit();
      char[] password = UUID.randomUUID().toString().toCharArray();
      Path keyStoreFile = dir.resolve("server.p12");
      runKeytool(copy, keyStoreFile, password);
      keyStoreFile.toFile().deleteOnExit();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStoreFile)) {
        keyStore.load(in, password);
      }
      X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
      Path pemFile = writePem(dir.resolve("server-cert.pem"), certificate);
      Path trustStore = writeTrustStore(dir.resolve("truststore.p12"), certificate, password);
      return new ServerCertificate(copy, keyStore, password, certificate, pemFile, trustStore);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a test certificate for " + copy, e);
    }
  }

  /** The names the certificate is valid for. */
  public List<String> names() {
    return names;
  }

  /** The certificate itself. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate as a PEM file: trusting it as a CA makes a client accept the server. */
  public Path pemFile() {
    return pemFile;
  }

  /** A PKCS12 trust store holding only this certificate; its password is {@link #trustStorePassword()}. */
  public Path trustStore() {
    return trustStore;
  }

  /** The password of {@link #trustStore()}. */
  public String trustStorePassword() {
    return new String(password);
  }

  /** A client-side TLS context that trusts this certificate and nothing else. */
  public SSLContext clientContext() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, certificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a client TLS context", e);
    }
  }

  /** The server-side TLS context presenting this certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the server TLS context", e);
    }
  }

  @Override
  public String toString() {
    return "ServerCertificate[names=" + names + ", pem=" + pemFile + "]";
  }

  private static void runKeytool(List<String> names, Path keyStoreFile, char[] password)
      throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
        "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
        "-dname", "CN=" + names.get(0), "-ext", "SAN=" + subjectAlternativeNames(names), "-validity", "7",
        "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
        "-storepass", new String(password), "-keypass", new String(password)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // keytool prints little; reading it all before waiting keeps a full pipe from blocking it.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + "s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("keytool failed with exit code " + process.exitValue() + ": " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for keytool", e);
    }
  }

  static String subjectAlternativeNames(List<String> names) {
    return names.stream()
        .map(name -> (IP_LITERAL.matcher(name).matches() ? "IP:" : "DNS:") + Objects.requireNonNull(name, "name"))
        .collect(Collectors.joining(","));
  }

  private static Path writePem(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded());
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    file.toFile().deleteOnExit();
    return file;
  }

  private static Path writeTrustStore(Path file, X509Certificate certificate, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry(ALIAS, certificate);
    try (OutputStream out = Files.newOutputStream(file)) {
      trusted.store(out, password);
    }
    file.toFile().deleteOnExit();
    return file;
  }
}
