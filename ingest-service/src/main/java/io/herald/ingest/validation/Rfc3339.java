package io.herald.ingest.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses an RFC 3339 instant exactly as {@link OffsetDateTime#parse} does, with a fast path for the shape
 * nearly every client sends ({@code 2026-11-23T10:00:00Z}): the formatter-based parse was ~4% of an accepted
 * request's CPU. Any other shape (fractions, offsets, a missing seconds field) takes the formatter.
 */
final class Rfc3339 {
    private Rfc3339() {
    }

    static Instant parse(String text) {
        if (text.length() == 20 && text.charAt(19) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    // Range checks as strict as the formatter's: month 13, 30 February, hour 24 and second 60 fail.
                    return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    throw new DateTimeParseException("not a valid date-time", text, 0, e);
                }
            }
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /** The number in {@code text[from, from+count)}, or -1 if any character there is not an ASCII digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
