package io.herald.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A registry call failed. Carries the subject (or schema id) asked about, the HTTP status and the
 * registry's own {@code error_code} (e.g. 40401 subject not found, 40403 schema not found, 409
 * incompatible), so callers can tell "not there" from "refused" from "registry down".
 * It is a {@link SerializationException} so Kafka's error handling treats it like any serde failure.
 */
public class RegistryException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Confluent's code for an incompatible schema. */
    public static final int INCOMPATIBLE = 409;
    /** Confluent's code for an unknown subject. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent's code for an unknown schema (id or content). */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final String subject;
    private final int httpStatus;
    private final int errorCode;

    public RegistryException(String subject, int httpStatus, int errorCode, String message, Throwable cause) {
        super("schema registry: " + message + " (subject=" + subject + ", http=" + httpStatus
                + ", error_code=" + errorCode + ")", cause);
        this.subject = subject;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** Subject or {@code id:<n>} the call was about. */
    public String subject() {
        return subject;
    }

    /** HTTP status, or 0 when the registry could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or 0 when it gave none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry refused the schema as incompatible. */
    public boolean isIncompatible() {
        return errorCode == INCOMPATIBLE || httpStatus == 409;
    }

    /** True when the registry answered that the subject or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404 || errorCode == SUBJECT_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }
}
