package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;

/** The three things that reach the ledger, all keyed by notificationId on the same partition. */
sealed interface LedgerInput {
    record FromIntake(LedgerIntake intake) implements LedgerInput {
    }

    record FromOutcome(DeliveryOutcome outcome) implements LedgerInput {
    }

    record FromReplay(NotificationRequest request) implements LedgerInput {
    }
}
