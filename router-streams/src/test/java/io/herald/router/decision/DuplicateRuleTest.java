package io.herald.router.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DuplicateRuleTest {
    @ParameterizedTest(name = "first={0} duplicate={1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "f1,   f1,   idempotency-key-seen,     duplicate of n-1",
            "f1,   f2,   idempotency-key-conflict, idempotency key reused with a different body; kept the first: n-1",
            "null, f2,   idempotency-key-seen,     duplicate of n-1",
            "f1,   null, idempotency-key-seen,     duplicate of n-1",
            "null, null, idempotency-key-seen,     duplicate of n-1"})
    void aDuplicateIsAConflictOnlyWhenBothFingerprintsAreKnownAndDiffer(String first, String duplicate, String rule,
                                                                       String detail) {
        DuplicateRule.Verdict verdict = DuplicateRule.judge("n-1", first, duplicate);

        assertThat(verdict.rule()).isEqualTo(rule);
        assertThat(verdict.detail()).isEqualTo(detail);
    }
}
