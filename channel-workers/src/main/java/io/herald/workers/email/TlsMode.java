package io.herald.workers.email;

/** How an SMTP connection is secured. */
public enum TlsMode {
    /** Plain text (local sinks and tests only). */
    NONE,
    /** Plain connect, then STARTTLS is required. */
    STARTTLS,
    /** TLS from the first byte (port 465). */
    SMTPS
}
