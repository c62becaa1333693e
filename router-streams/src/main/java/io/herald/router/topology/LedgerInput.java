package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;

/**
 * What reaches the ledger: intakes, outcomes and replays keyed by notificationId on the same partition, and
 * erasures, sent to every partition (a recipient's notifications are spread over all of them).
 */
sealed interface LedgerInput {
    /** @param recipientKey the request's recipient key when the intake was decided in this task, else null */
    record FromIntake(LedgerIntake intake, String recipientKey) implements LedgerInput {
        FromIntake(LedgerIntake intake) {
            this(intake, null);
        }
    }

    record FromOutcome(DeliveryOutcome outcome) implements LedgerInput {
    }

    record FromReplay(NotificationRequest request) implements LedgerInput {
    }

    record FromErasure(Erasure erasure) implements LedgerInput {
    }
}
