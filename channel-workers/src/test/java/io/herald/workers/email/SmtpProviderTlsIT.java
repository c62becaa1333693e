package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.smtp.SmtpTls;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Classification;
import io.herald.workers.classify.Classifier;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The SMTP adapter against a real server speaking STARTTLS, SMTPS and AUTH: what is delivered, and how each
 * way a secured session can fail is reported to the classifier.
 */
class SmtpProviderTlsIT {
    private static final String USER = "herald-relay";
    private static final String PASSWORD = "s3cret-relay-pass";

    @Test
    void requiredStartTlsWithAuthDeliversOverTlsAsTheConfiguredUser() {
        try (ScriptedSmtpServer server = secured(SmtpTls.STARTTLS_REQUIRED).start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.STARTTLS, PASSWORD, server.certificate().pemFile()))) {
            AttemptResult result = provider.send(MimeRendererTest.command("starttls", null));

            assertThat(result).isInstanceOf(AttemptResult.Sent.class);
            assertThat(server.received()).singleElement().satisfies(mail -> {
                assertThat(mail.tls()).isTrue();
                assertThat(mail.authenticatedUser()).contains(USER);
            });
        }
    }

    @Test
    void implicitTlsWithAuthDelivers() {
        try (ScriptedSmtpServer server = secured(SmtpTls.IMPLICIT).start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.SMTPS, PASSWORD, server.certificate().pemFile()))) {
            AttemptResult first = provider.send(MimeRendererTest.command("smtps-1", null));
            AttemptResult second = provider.send(MimeRendererTest.command("smtps-2", null));

            assertThat(first).isInstanceOf(AttemptResult.Sent.class);
            assertThat(second).isInstanceOf(AttemptResult.Sent.class);
            assertThat(server.received()).hasSize(2).allSatisfy(mail -> {
                assertThat(mail.tls()).isTrue();
                assertThat(mail.authenticatedUser()).contains(USER);
            });
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordIsTheProvidersAuthenticationProblemAndNeverEchoed() {
        String wrong = "wrong-pass-9f3c";
        try (ScriptedSmtpServer server = secured(SmtpTls.STARTTLS_REQUIRED).start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.STARTTLS, wrong, server.certificate().pemFile()))) {
            Failure failure = failureOf(provider.send(MimeRendererTest.command("bad-login", null)));
            Classification verdict = Classifier.classify(Channel.EMAIL, failure);

            assertThat(failure).isEqualTo(new Failure.SmtpReply(535, "5.7.8 Authentication credentials invalid"));
            assertThat(verdict.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(verdict.providerCode()).isEqualTo("535 5.7.8");
            assertThat(verdict.reason()).isEqualTo("smtp-provider-authentication");
            assertThat(failure.toString() + verdict).doesNotContain(wrong).doesNotContain(PASSWORD);
            assertThat(provider.toString()).doesNotContain(wrong);
            assertThat(server.receivedCount()).isZero();
        }
    }

    @Test
    void startTlsConfiguredAgainstAServerThatDoesNotOfferItFailsInsteadOfFallingBackToPlainText() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().build().start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.STARTTLS, null, null))) {
            Failure failure = failureOf(provider.send(MimeRendererTest.command("downgrade", null)));

            assertThat(failure).isEqualTo(new Failure.Io(IoKind.TLS, false, "starttls-not-offered"));
            assertThat(Classifier.classify(Channel.EMAIL, failure).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(Classifier.classify(Channel.EMAIL, failure).providerCode()).isEqualTo("io:tls");
            assertThat(server.receivedCount()).isZero();
        }
    }

    @Test
    void aCertificateOutsideTheJvmTrustStoreIsRefusedWithoutACaFile() {
        try (ScriptedSmtpServer server = secured(SmtpTls.IMPLICIT).start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.SMTPS, PASSWORD, null))) {
            Failure failure = failureOf(provider.send(MimeRendererTest.command("untrusted", null)));

            assertTlsRefusal(failure);
            assertThat(server.receivedCount()).isZero();
        }
    }

    @Test
    void theCaFileOfAnotherServerDoesNotMakeThisOneTrusted() {
        try (ScriptedSmtpServer other = secured(SmtpTls.IMPLICIT).start();
             ScriptedSmtpServer server = secured(SmtpTls.STARTTLS_REQUIRED).start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.STARTTLS, PASSWORD, other.certificate().pemFile()))) {
            Failure failure = failureOf(provider.send(MimeRendererTest.command("other-ca", null)));

            assertTlsRefusal(failure);
            assertThat(server.receivedCount()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(SmtpTls.IMPLICIT).certificateNames("mail.example.org")
                .credentials(USER, PASSWORD).build().start();
             SmtpProvider provider = new SmtpProvider(config(server, TlsMode.SMTPS, PASSWORD, server.certificate().pemFile()))) {
            Failure failure = failureOf(provider.send(MimeRendererTest.command("mismatch", null)));

            assertTlsRefusal(failure);
            assertThat(server.receivedCount()).isZero();
        }
    }

    @Test
    void startTlsIsRequiredAndTheServerIdentityCheckedInTheSessionProperties() {
        SmtpProviderConfig startTls = new SmtpProviderConfig("smtp-tls", "127.0.0.1", 587, TlsMode.STARTTLS, USER, PASSWORD,
                "herald@notify.example.com", 10, 1, Duration.ofSeconds(2), Duration.ofSeconds(5));
        SmtpProviderConfig smtps = new SmtpProviderConfig("smtp-tls", "127.0.0.1", 465, TlsMode.SMTPS, USER, PASSWORD,
                "herald@notify.example.com", 10, 1, Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThat(SmtpProvider.properties(startTls)).containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true").doesNotContainKey("mail.smtp.ssl.trust");
        assertThat(SmtpProvider.properties(smtps)).containsEntry("mail.smtps.ssl.checkserveridentity", "true")
                .doesNotContainKey("mail.smtps.ssl.trust");
    }

    private static void assertTlsRefusal(Failure failure) {
        assertThat(failure).isInstanceOf(Failure.Io.class);
        assertThat(((Failure.Io) failure).kind()).isEqualTo(IoKind.TLS);
        assertThat(((Failure.Io) failure).handedOver()).isFalse();
        Classification verdict = Classifier.classify(Channel.EMAIL, failure);
        assertThat(verdict.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(verdict.providerCode()).isEqualTo("io:tls");
    }

    private static Failure failureOf(AttemptResult result) {
        assertThat(result).isInstanceOf(AttemptResult.Failed.class);
        return ((AttemptResult.Failed) result).failure();
    }

    private static ScriptedSmtpServer secured(SmtpTls tls) {
        return ScriptedSmtpServer.builder().tls(tls).credentials(USER, PASSWORD).requireAuth().build();
    }

    private static SmtpProviderConfig config(ScriptedSmtpServer server, TlsMode tls, String password, Path trustCa) {
        return new SmtpProviderConfig("smtp-tls-it", server.host(), server.port(), tls, password == null ? null : USER, password,
                "herald@notify.example.com", 100, 1, Duration.ofSeconds(2), Duration.ofSeconds(5), trustCa);
    }
}
