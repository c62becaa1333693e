package io.herald.workers.probe;

import io.herald.contracts.Channel;

/**
 * An active health check of one provider that sends no message: the only way to see a DOWN provider
 * recover while every real message is parked or failed over elsewhere. Implementations bound their
 * own duration (connect and read timeouts) and never throw: a failure is a {@link ProbeResult}.
 */
public interface Probe {
    String providerId();

    Channel channel();

    /** Runs one check now, on the caller's thread. */
    ProbeResult probe();
}
