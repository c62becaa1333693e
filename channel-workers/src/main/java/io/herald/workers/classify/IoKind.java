package io.herald.workers.classify;

/** Kinds of network failure, as far as they matter for retry decisions. */
public enum IoKind {
    CONNECT_REFUSED, CONNECT_TIMEOUT, UNKNOWN_HOST, TLS, READ_TIMEOUT, CONNECTION_CLOSED, OTHER;

    /** Code used in outcomes, e.g. {@code io:read-timeout}. */
    public String code() {
        return "io:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
