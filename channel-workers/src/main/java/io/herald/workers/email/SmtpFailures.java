package io.herald.workers.email;

import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import io.herald.workers.classify.SmtpStatus;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Reduces Jakarta Mail's exception chains to a {@link Failure}. The reply code lives in different places:
 * {@code getReturnCode()} of the SMTP exceptions (often nested via {@code getNextException()}), or only in
 * the message text for a bad greeting ("Got bad greeting ... response: 421 ..."), which arrives as a plain
 * {@link MessagingException}. Enhanced status codes are only ever in the text.
 */
public final class SmtpFailures {
    private SmtpFailures() {
    }

    /** Describes {@code error}; {@code handedOver} says whether the end-of-data dot had been sent. */
    public static Failure describe(Throwable error, boolean handedOver) {
        Failure.SmtpReply reply = replyIn(error);
        // A server that closed the channel after our dot ([EOF], code -1) gave no verdict on the message.
        if (reply != null && reply.code() < 0 && handedOver) return new Failure.Io(IoKind.CONNECTION_CLOSED, true, "eof");
        if (reply != null) return reply;
        // starttls.required and the server's EHLO offers no STARTTLS: refused before any plain-text MAIL (no downgrade).
        if (startTlsNotOffered(error)) return new Failure.Io(IoKind.TLS, handedOver, "starttls-not-offered");
        Throwable io = ioCause(error);
        if (io != null) return new Failure.Io(kindOf(io, error), handedOver, io.getClass().getSimpleName());
        return new Failure.Io(IoKind.OTHER, handedOver, error.getClass().getSimpleName());
    }

    private static Failure.SmtpReply replyIn(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException e) return reply(e.getReturnCode(), e.getMessage());
            if (t instanceof SMTPSenderFailedException e) return reply(e.getReturnCode(), e.getMessage());
            if (t instanceof SMTPSendFailedException e) return reply(e.getReturnCode(), e.getMessage());
            if (t instanceof AuthenticationFailedException e) {
                int code = SmtpStatus.replyCodeIn(e.getMessage());
                return reply(code > 0 ? code : 535, e.getMessage());
            }
            if (t instanceof MessagingException && t.getMessage() != null && t.getMessage().contains("bad greeting")) {
                return reply(SmtpStatus.replyCodeIn(t.getMessage()), SmtpStatus.replyTextIn(t.getMessage()));
            }
        }
        return null;
    }

    private static Failure.SmtpReply reply(int code, String message) {
        String text = message == null ? "" : message.strip();
        // Jakarta Mail's message is the server's full reply ("451 4.3.2 busy"); keep only the text after the code.
        if (text.length() >= 4 && text.startsWith(Integer.toString(code))) text = text.substring(4).strip();
        return new Failure.SmtpReply(code, text);
    }

    private static boolean startTlsNotOffered(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            String message = t.getMessage();
            if (t instanceof MessagingException && message != null && message.contains("not support STARTTLS")) return true;
        }
        return false;
    }

    private static Throwable ioCause(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof java.io.IOException) return t;
        }
        return null;
    }

    private static IoKind kindOf(Throwable io, Throwable root) {
        boolean connecting = isConnectPhase(root);
        if (io instanceof ConnectException || io instanceof NoRouteToHostException) return IoKind.CONNECT_REFUSED;
        if (io instanceof UnknownHostException) return IoKind.UNKNOWN_HOST;
        if (io instanceof SSLException) return IoKind.TLS;
        if (io instanceof SocketTimeoutException) return connecting ? IoKind.CONNECT_TIMEOUT : IoKind.READ_TIMEOUT;
        if (io instanceof EOFException || io instanceof SocketException) return IoKind.CONNECTION_CLOSED;
        return IoKind.OTHER;
    }

    private static boolean isConnectPhase(Throwable root) {
        for (Throwable t = root; t != null; t = next(t)) if (t instanceof MailConnectException) return true;
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
