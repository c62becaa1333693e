package io.herald.workers.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, remembering whether the current message was handed over: once the
 * end-of-data dot has been sent, a timeout or a dropped connection leaves the outcome UNCERTAIN (the
 * server may have queued the message), whereas the same failure earlier is safely retryable.
 */
final class HeraldSmtpTransport extends SMTPTransport {
    private volatile boolean handedOver;

    HeraldSmtpTransport(Session session, URLName url, boolean ssl) {
        super(session, url, ssl ? "smtps" : "smtp", ssl);
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        handedOver = true;
        super.finishData();
    }

    void startMessage() {
        handedOver = false;
    }

    boolean handedOver() {
        return handedOver;
    }
}
