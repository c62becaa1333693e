package io.herald.replay.cli;

import io.herald.replay.engine.UnknownTopicException;
import io.herald.replay.pace.PaceException;
import io.herald.replay.select.FilterException;
import io.herald.runtime.config.ConfigException;
import io.herald.schemas.registry.RegistryException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The exit codes of {@code herald-replay}, documented in its help and in docs/replay.md, and the mapping from
 * failures to codes and one-line messages.
 */
public final class ExitCodes {
    /** Done: inspected, printed, or every selected record copied. */
    public static final int OK = 0;
    /** An unexpected error (stack trace on stderr). */
    public static final int SOFTWARE = 1;
    /** Bad usage: unknown option, bad filter expression, bad pace, bad configuration. */
    public static final int USAGE = 2;
    /** The Kafka cluster did not answer within --timeout. */
    public static final int BROKER_UNREACHABLE = 3;
    /** A named topic does not exist. */
    public static final int UNKNOWN_TOPIC = 4;
    /** The replay halted: the gate closed (or it was stopped); run it again with the same --id to resume. */
    public static final int HALTED = 5;
    /** The replay aborted: the failure ratio of replayed messages passed the limit. */
    public static final int ABORTED = 6;
    /** The schema registry failed or could not be reached. */
    public static final int REGISTRY = 7;


    private ExitCodes() {
    }

    /** The exit code for a failure. */
    public static int of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FilterException || t instanceof PaceException || t instanceof ConfigException) return USAGE;
            if (t instanceof UnknownTopicException) return UNKNOWN_TOPIC;
            if (t instanceof TimeoutException) return BROKER_UNREACHABLE;
            if (t instanceof RegistryException) return REGISTRY;
        }
        return SOFTWARE;
    }

    /** The one-line message for a failure. */
    public static String message(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FilterException || t instanceof PaceException || t instanceof UnknownTopicException
                    || t instanceof ConfigException) {
                return t.getMessage();
            }
            if (t instanceof TimeoutException) return "Kafka unreachable: " + t.getMessage();
            if (t instanceof RegistryException) return "schema registry: " + t.getMessage();
        }
        return error.toString();
    }
}
