package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.Stage;
import io.herald.contracts.ProviderProbe;
import io.herald.router.health.Signal;
import java.util.Optional;

/** What a worker outcome or an active probe says about its provider, if anything. Pure. */
public final class Signals {
    private Signals() {
    }

    public static Optional<Signal> of(DeliveryOutcome outcome) {
        // Only real delivery attempts speak about a provider; router decisions and replays do not.
        if (outcome.getStage() != Stage.WORKER || outcome.getProvider() == null) return Optional.empty();
        ErrorClass error = outcome.getErrorClass();
        return switch (outcome.getStatus()) {
            case SENT, DELIVERED -> Optional.of(Signal.SUCCESS);
            // An uncertain hand-off (timeout after sending) is a symptom of a struggling provider.
            case UNCERTAIN -> Optional.of(Signal.TRANSIENT);
            case DEFERRED -> Optional.of(error == ErrorClass.THROTTLED ? Signal.THROTTLED : Signal.TRANSIENT);
            case FAILED -> Optional.of(error == ErrorClass.TRANSIENT ? Signal.TRANSIENT
                    : error == ErrorClass.THROTTLED ? Signal.THROTTLED : Signal.PERMANENT);
            // Exhaustion summarises attempts already counted one by one.
            default -> Optional.empty();
        };
    }

    /** A probe sends nothing: it only says whether the provider would accept a message now. */
    public static Signal of(ProviderProbe probe) {
        return probe.getOk() ? Signal.PROBE_OK : Signal.PROBE_FAILED;
    }
}
