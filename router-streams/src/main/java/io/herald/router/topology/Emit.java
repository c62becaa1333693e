package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.ProviderHealth;

/**
 * Everything a router processor may produce. Processors forward Emits; {@link Sinks} sends each kind
 * to its topic, so processors stay free of topic names.
 */
sealed interface Emit {
    /** Hand the request to the next step of the same sub-topology. */
    record Next(NotificationRequest request) implements Emit {
    }

    record Dispatch(DispatchCommand command) implements Emit {
    }

    record Park(ParkedNotification parked) implements Emit {
    }

    record Outcome(DeliveryOutcome outcome) implements Emit {
    }

    /** The original request to the DLQ; the cause travels in the record's headers. */
    record DeadLetter(NotificationRequest request) implements Emit {
    }

    /**
     * Tell the ledger (on the notification's partition) what was decided.
     *
     * @param local whether this task owns the notification's ledger partition (the record key was its
     *              notificationId): the intake goes straight to the ledger, else through the ledger-intake repartition
     * @param recipientKey the request's {@link RecipientIndex#recipientKey}, where the deciding processor had the
     *                     request decoded (else null): a local intake hands it to the ledger, which would otherwise
     *                     decode the request it was just given to file it by recipient
     */
    record Intake(LedgerIntake intake, boolean local, String recipientKey) implements Emit {
        Intake(LedgerIntake intake, boolean local) {
            this(intake, local, null);
        }
    }

    record Health(ProviderHealth health) implements Emit {
    }
}
