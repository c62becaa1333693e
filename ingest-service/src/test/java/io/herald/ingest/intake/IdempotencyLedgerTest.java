package io.herald.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyLedgerTest {
    @Test
    void forgetsConfirmedKeysOnceTheWindowHasPassed() {
        IdempotencyLedger ledger = new IdempotencyLedger(1000, 100);
        var owner = (IdempotencyLedger.Claim.Owner) ledger.claim("acme/k1", "fp", "id-1", 0);
        ledger.confirm(owner.entry());

        assertThat(ledger.claim("acme/k1", "fp", "id-2", 999)).isInstanceOf(IdempotencyLedger.Claim.Existing.class);
        assertThat(ledger.claim("acme/k1", "fp", "id-3", 1001)).isInstanceOf(IdempotencyLedger.Claim.Owner.class);
    }

    @Test
    void evictsTheOldestConfirmedKeyBeyondTheCapButNeverAnInFlightOne() {
        IdempotencyLedger ledger = new IdempotencyLedger(1_000_000, 2);
        var first = (IdempotencyLedger.Claim.Owner) ledger.claim("a", "fp", "1", 0);
        ledger.claim("b", "fp", "2", 1);

        ledger.claim("c", "fp", "3", 2);
        assertThat(ledger.size()).isEqualTo(3);

        ledger.confirm(first.entry());
        ledger.claim("d", "fp", "4", 3);
        assertThat(ledger.claim("a", "fp", "5", 4)).isInstanceOf(IdempotencyLedger.Claim.Owner.class);
    }
}
