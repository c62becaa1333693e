package io.herald.replay.select;

/** A filter expression that cannot be parsed; the message names the expression and what is wrong with it. */
public final class FilterException extends IllegalArgumentException {
    private final String expression;

    public FilterException(String expression, String problem) {
        super("bad filter expression '" + expression + "': " + problem);
        this.expression = expression;
    }

    /** The offending expression, as the operator typed it. */
    public String expression() {
        return expression;
    }
}
