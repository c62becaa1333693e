package io.herald.replay.pace;

/** A pace expression that cannot be parsed; the message names the expression. */
public final class PaceException extends IllegalArgumentException {
    public PaceException(String expression, String problem) {
        super("bad pace '" + expression + "': " + problem);
    }
}
