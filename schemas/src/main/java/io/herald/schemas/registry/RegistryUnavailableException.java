package io.herald.schemas.registry;

import java.util.Optional;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not answer (refused connection, timeout, 5xx, an auth or proxy error): the record
 * being read is not at fault. Deliberately not a {@code SerializationException}: stages must retry it (block,
 * back off, report not ready), never dead-letter a valid record because the registry blinked. Only a registry
 * that answers "no such schema" makes a record unreadable.
 */
public final class RegistryUnavailableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, RegistryException cause) {
        super(message, cause);
    }

    /** The registry outage behind {@code error}, if one is in its cause chain. */
    public static Optional<RegistryUnavailableException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException r) return Optional.of(r);
        }
        return Optional.empty();
    }
}
