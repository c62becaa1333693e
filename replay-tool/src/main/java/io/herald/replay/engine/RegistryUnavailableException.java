package io.herald.replay.engine;

import io.herald.schemas.registry.RegistryException;

/**
 * The schema registry failed while reading the backlog. Deliberately not a SerializationException: a registry
 * outage must stop a replay, not count every record as unreadable.
 */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(RegistryException cause) {
        super(cause.getMessage(), cause);
    }
}
