package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpFailuresTest {

    @Test
    void aRejectedRecipientIsFoundInsideTheInvalidAddressesException() throws Exception {
        SMTPAddressFailedException rcpt = new SMTPAddressFailedException(new InternetAddress("a@example.com"), "RCPT TO:<a@example.com>",
                550, "550 5.1.1 User unknown\n");
        SendFailedException outer = new SendFailedException("Invalid Addresses", rcpt);

        assertThat(SmtpFailures.describe(outer, false)).isEqualTo(new Failure.SmtpReply(550, "5.1.1 User unknown"));
    }

    @Test
    void aDeferralAtEndOfDataKeepsItsEnhancedCodeInTheText() {
        SMTPSendFailedException data = new SMTPSendFailedException(".", 451, "451 4.3.2 Temporary server error\n", null, null, null, null);

        Failure.SmtpReply reply = (Failure.SmtpReply) SmtpFailures.describe(data, true);

        assertThat(reply.code()).isEqualTo(451);
        assertThat(reply.enhanced()).isEqualTo("4.3.2");
    }

    @Test
    void aBadGreetingIsAPlainMessagingExceptionWithTheReplyInItsText() {
        MessagingException greeting = new MessagingException(
                "Got bad greeting from SMTP host: 127.0.0.1, port: 2525, response: 421 4.7.0 Too many connections");

        assertThat(SmtpFailures.describe(greeting, false)).isEqualTo(new Failure.SmtpReply(421, "4.7.0 Too many connections"));
    }

    @Test
    void aRefusedConnectionIsATransientNetworkFailure() {
        MessagingException wrapped = new MessagingException("Could not connect", new ConnectException("Connection refused"));

        assertThat(SmtpFailures.describe(wrapped, false)).isEqualTo(new Failure.Io(IoKind.CONNECT_REFUSED, false, "ConnectException"));
    }

    @Test
    void aServerWithoutStartTlsWhenTlsIsRequiredIsATlsFailure() {
        MessagingException noStartTls = new MessagingException("STARTTLS is required but host does not support STARTTLS");

        assertThat(SmtpFailures.describe(noStartTls, false)).isEqualTo(new Failure.Io(IoKind.TLS, false, "starttls-not-offered"));
    }

    @Test
    void anUntrustedCertificateIsATlsFailure() {
        MessagingException handshake = new MessagingException("Could not connect to SMTP host",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));

        assertThat(SmtpFailures.describe(handshake, false)).isEqualTo(new Failure.Io(IoKind.TLS, false, "SSLHandshakeException"));
    }

    @Test
    void aTimeoutAfterTheDotIsAnUnansweredHandOver() {
        MessagingException timeout = new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));

        assertThat(SmtpFailures.describe(timeout, true)).isEqualTo(new Failure.Io(IoKind.READ_TIMEOUT, true, "SocketTimeoutException"));
    }

    @Test
    void anEofAfterTheDotIsAnUnansweredHandOverButBeforeItAPlainReplyFailure() {
        SMTPSendFailedException eof = new SMTPSendFailedException(".", -1, "[EOF]", null, null, null, null);

        assertThat(SmtpFailures.describe(eof, true)).isEqualTo(new Failure.Io(IoKind.CONNECTION_CLOSED, true, "eof"));
        assertThat(SmtpFailures.describe(eof, false)).isInstanceOf(Failure.SmtpReply.class);
    }
}
