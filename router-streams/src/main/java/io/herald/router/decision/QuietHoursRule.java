package io.herald.router.decision;

import io.herald.contracts.Priority;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Quiet hours defer transactional and bulk traffic to the end of the recipient's local quiet window.
 * Critical traffic is never deferred: a one-time code or an incident page at 3 a.m. is the point.
 */
public final class QuietHoursRule {
    private QuietHoursRule() {
    }

    /**
     * The instant delivery may start, when {@code now} falls in the recipient's quiet window;
     * empty when it may go now.
     *
     * @param requestTimezone the recipient's timezone from the request, used when the preference names none
     */
    public static Optional<Instant> deferUntil(RecipientPreference preference, String requestTimezone, Priority lane,
                                               Instant now) {
        if (lane == Priority.CRITICAL || preference == null || preference.getQuietHours() == null) return Optional.empty();
        QuietHours quiet = preference.getQuietHours();
        int start = quiet.getStartMinute();
        int end = quiet.getEndMinute();
        if (start == end) return Optional.empty();
        ZoneId zone = zone(quiet.getTimezone(), preference.getTimezone(), requestTimezone);
        ZonedDateTime local = now.atZone(zone);
        int minute = local.getHour() * 60 + local.getMinute();
        boolean spansMidnight = end < start;
        boolean inside = spansMidnight ? (minute >= start || minute < end) : (minute >= start && minute < end);
        if (!inside) return Optional.empty();
        // The window ends today unless it spans midnight and we are in its evening part.
        ZonedDateTime endDay = spansMidnight && minute >= start ? local.plusDays(1) : local;
        LocalTime endTime = LocalTime.of(end / 60, end % 60);
        // atZone resolution handles DST gaps (moves forward) and overlaps (earlier offset).
        return Optional.of(endDay.toLocalDate().atTime(endTime).atZone(zone).toInstant());
    }

    private static ZoneId zone(String... candidates) {
        for (String candidate : candidates) {
            if (candidate == null) continue;
            try {
                return ZoneId.of(candidate);
            } catch (DateTimeException e) {
                // An unknown zone in one place must not stop us using a valid one elsewhere.
            }
        }
        return ZoneOffset.UTC;
    }
}
