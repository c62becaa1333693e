package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger's retention rule as a table: when a due line forgets its entry and when it moves on. */
class LedgerRetentionRuleTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = 1_800_000_000_000L;

    private static LedgerEntry entry(String state, boolean terminal, Long terminalAt, long updatedAt) {
        return new LedgerEntry("n-1", "acme", state, terminal, "EMAIL", "smtp-primary", updatedAt, List.of(), Set.of(),
                null, null, null, 0, terminalAt, null, null);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // state, terminal, terminalAt, updatedAt, expiresAt, now → forget? / keep until
                Arguments.of("sent a week ago", entry("SENT", true, T0, T0), null, T0 + 7 * DAY, null),
                Arguments.of("sent six days ago", entry("SENT", true, T0, T0), null, T0 + 6 * DAY, T0 + 7 * DAY),
                Arguments.of("delivered later: still counted from SENT", entry("DELIVERED", true, T0, T0 + 3 * DAY), null,
                        T0 + 7 * DAY, null),
                Arguments.of("uncertain, expires tomorrow", entry("UNCERTAIN", false, null, T0), T0 + DAY, T0 + 7 * DAY,
                        T0 + 8 * DAY),
                Arguments.of("uncertain, expired a week ago", entry("UNCERTAIN", false, null, T0), T0 + DAY, T0 + 8 * DAY,
                        null),
                Arguments.of("open, no request, idle a week", entry("ROUTED", false, null, T0), null, T0 + 7 * DAY, null),
                Arguments.of("open, no request, active yesterday", entry("ROUTED", false, null, T0 + 6 * DAY), null,
                        T0 + 7 * DAY, T0 + 13 * DAY),
                Arguments.of("parked, lives three days more", entry("PARKED", false, null, T0), T0 + 10 * DAY,
                        T0 + 7 * DAY, T0 + 17 * DAY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forgetsAnEntryOnlyARetentionAfterItsLastPossibleUse(String name, LedgerEntry e, Long expiresAt, long now,
                                                              Long keepUntil) {
        LedgerRetention.Verdict verdict = LedgerRetention.judge(e, expiresAt, now, WEEK);
        if (keepUntil == null) assertThat(verdict).isInstanceOf(LedgerRetention.Verdict.Forget.class);
        else assertThat(verdict).isEqualTo(new LedgerRetention.Verdict.Keep(keepUntil));
    }
}
