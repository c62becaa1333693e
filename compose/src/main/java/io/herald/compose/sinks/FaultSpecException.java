package io.herald.compose.sinks;

/** A fault request the sink console cannot install; the message names the field and what is wrong. */
public final class FaultSpecException extends IllegalArgumentException {
    public FaultSpecException(String field, String problem) {
        super(field + ": " + problem);
    }
}
