package io.herald.workers.channel;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;

/**
 * One delivery provider of a channel (an SMTP relay, a Twilio account, the webhook sender). Sends one
 * message and reports what happened as data; never throws for a delivery failure. Pacing and retries
 * are the runtime's job, not the provider's. Implementations must be thread-safe.
 */
public interface ChannelProvider extends AutoCloseable {

    /** Provider id as used in outcomes and health, e.g. {@code smtp-primary}. */
    String id();

    Channel channel();

    /** Attempts delivery of {@code command} once. */
    AttemptResult send(DispatchCommand command);

    @Override
    void close();
}
