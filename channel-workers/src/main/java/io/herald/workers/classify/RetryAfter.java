package io.herald.workers.classify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** The wait the header asks for, measured from {@code now}; zero when absent, unparsable or already past. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) return Duration.ZERO;
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            // Longer than any sane wait; the pacer caps it anyway, this only keeps the number from overflowing.
            return v.length() > 9 ? Duration.ofSeconds(999_999_999L) : Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            // A malformed hint is no hint: AIMD pacing still slows us down.
            return Duration.ZERO;
        }
    }
}
