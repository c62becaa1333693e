package io.herald.router.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Priority;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursRuleTest {

    /** Quiet 22:00-07:00 in the given zone (spans midnight), or 13:00-14:00 when {@code start} says so. */
    private static RecipientPreference quiet(int start, int end, String zone) {
        return RecipientPreference.newBuilder().setTenantId("acme").setRecipientId("u-1")
                .setQuietHours(QuietHours.newBuilder().setStartMinute(start).setEndMinute(end).setTimezone(zone).build())
                .setUpdatedAt(Instant.EPOCH).build();
    }

    @ParameterizedTest(name = "{0} {1} at {2} in {3}-{4} {5} → {6}")
    @CsvSource(nullValues = "none", value = {
            // lane, now (UTC), start, end, zone, expected deferral end
            "TRANSACTIONAL, 2026-11-23T22:30:00Z, 1320, 420, Europe/London, 2026-11-24T07:00:00Z",
            "BULK,          2026-11-24T03:00:00Z, 1320, 420, Europe/London, 2026-11-24T07:00:00Z",
            "BULK,          2026-11-24T07:00:00Z, 1320, 420, Europe/London, none",
            "BULK,          2026-11-23T21:59:00Z, 1320, 420, Europe/London, none",
            "BULK,          2026-11-23T12:00:00Z, 1320, 420, Europe/London, none",
            // Paris is UTC+1 in November: 21:30 UTC is 22:30 local.
            "BULK,          2026-11-23T21:30:00Z, 1320, 420, Europe/Paris,  2026-11-24T06:00:00Z",
            // Same clock time in New York (UTC-5) is still afternoon.
            "BULK,          2026-11-23T21:30:00Z, 1320, 420, America/New_York, none",
            // A window inside one day.
            "TRANSACTIONAL, 2026-11-23T13:30:00Z, 780, 840, UTC, 2026-11-23T14:00:00Z",
            // DST: Paris springs forward on 2026-03-29; 07:00 local is then 05:00 UTC.
            "BULK,          2026-03-29T00:30:00Z, 1320, 420, Europe/Paris,  2026-03-29T05:00:00Z",
            // Critical is never deferred.
            "CRITICAL,      2026-11-24T03:00:00Z, 1320, 420, Europe/London, none"})
    void defersNonCriticalTrafficToTheEndOfTheLocalWindow(Priority lane, Instant now, int start, int end, String zone,
                                                          Instant expected) {
        assertThat(QuietHoursRule.deferUntil(quiet(start, end, zone), null, lane, now).orElse(null)).isEqualTo(expected);
    }

    @Test
    void fallsBackToTheRequestTimezoneWhenThePreferenceNamesNone() {
        RecipientPreference preference = quiet(1320, 420, null);
        Instant tokyoNight = Instant.parse("2026-11-23T14:00:00Z"); // 23:00 in Tokyo
        assertThat(QuietHoursRule.deferUntil(preference, "Asia/Tokyo", Priority.BULK, tokyoNight))
                .contains(Instant.parse("2026-11-23T22:00:00Z"));
        assertThat(QuietHoursRule.deferUntil(preference, null, Priority.BULK, tokyoNight)).isEmpty();
    }

    @Test
    void doesNothingWithoutPreferences() {
        assertThat(QuietHoursRule.deferUntil(null, "UTC", Priority.BULK, Instant.EPOCH)).isEmpty();
    }
}
