package io.herald.workers.runtime;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.schemas.topics.RetryTier;
import java.util.List;

/**
 * Everything one message's processing produced: the outcome of every attempt, and possibly the
 * command to put on a retry tier. Written to Kafka in one transaction with the consumed offset.
 */
public record Delivery(List<DeliveryOutcome> outcomes, RetryTier retryTier, DispatchCommand retry) {
    public Delivery {
        outcomes = List.copyOf(outcomes);
        if ((retryTier == null) != (retry == null)) throw new IllegalArgumentException("retry tier and command go together");
    }

    public boolean retried() {
        return retry != null;
    }
}
