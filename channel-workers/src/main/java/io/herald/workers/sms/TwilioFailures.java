package io.herald.workers.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/** Reduces Twilio SDK exceptions to a {@link Failure}. */
public final class TwilioFailures {
    private TwilioFailures() {
    }

    public static Failure describe(RuntimeException error) {
        Throwable io = ioCause(error);
        if (io != null) return new Failure.Io(kindOf(io), handedOver(io), io.getClass().getSimpleName());
        if (error instanceof ApiException api && api.getStatusCode() != null) {
            return new Failure.TwilioError(api.getStatusCode(), api.getCode(), api.getMessage());
        }
        if (error instanceof ApiConnectionException) return new Failure.Io(IoKind.OTHER, false, "no-response");
        return new Failure.Io(IoKind.OTHER, false, error.getClass().getSimpleName());
    }

    private static Throwable ioCause(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.IOException) return t;
        }
        return null;
    }

    private static IoKind kindOf(Throwable io) {
        if (io instanceof ConnectTimeoutException) return IoKind.CONNECT_TIMEOUT;
        if (io instanceof ConnectException) return IoKind.CONNECT_REFUSED;
        if (io instanceof UnknownHostException) return IoKind.UNKNOWN_HOST;
        if (io instanceof SSLException) return IoKind.TLS;
        if (io instanceof SocketTimeoutException) return IoKind.READ_TIMEOUT;
        if (io instanceof NoHttpResponseException) return IoKind.CONNECTION_CLOSED;
        return IoKind.OTHER;
    }

    /** Failures while connecting cannot have created a message; anything after the request was written might have. */
    private static boolean handedOver(Throwable io) {
        return !(io instanceof ConnectException || io instanceof ConnectTimeoutException || io instanceof UnknownHostException
                || io instanceof SSLException);
    }
}
