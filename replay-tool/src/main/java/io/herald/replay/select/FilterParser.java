package io.herald.replay.select;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses filter expressions: terms separated by {@code ;}, each one of
 * <ul>
 *   <li>{@code field=v1,v2} / {@code field!=v1,v2} with field one of channel, lane, provider, code, reason,
 *       tenant, key (values case-insensitive, {@code *} wildcards allowed except for channel and lane);</li>
 *   <li>{@code time=FROM..TO} with FROM/TO an instant ({@code 2026-11-23T10:00:00Z}), a UTC date or date-time
 *       ({@code 2026-11-23}, {@code 2026-11-23T10:00}), or an age ({@code 2h} = two hours ago); either side may be empty.</li>
 * </ul>
 * Every error is a {@link FilterException} naming the expression.
 */
public final class FilterParser {
    private static final Pattern TERM = Pattern.compile("\\s*([A-Za-z][A-Za-z-]*)\\s*(!=|=)\\s*(.*?)\\s*");
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Map<String, FilterTerm.Field> FIELDS = Map.ofEntries(
            Map.entry("channel", FilterTerm.Field.CHANNEL),
            Map.entry("lane", FilterTerm.Field.LANE),
            Map.entry("priority", FilterTerm.Field.LANE),
            Map.entry("provider", FilterTerm.Field.PROVIDER),
            Map.entry("code", FilterTerm.Field.CODE),
            Map.entry("provider-code", FilterTerm.Field.CODE),
            Map.entry("reason", FilterTerm.Field.REASON),
            Map.entry("cause", FilterTerm.Field.REASON),
            Map.entry("tenant", FilterTerm.Field.TENANT),
            Map.entry("key", FilterTerm.Field.KEY));

    private final Clock clock;

    public FilterParser(Clock clock) {
        this.clock = clock;
    }

    /** Parses a {@code ;}-separated expression; blank selects everything. */
    public ReplayFilter parse(String expression) {
        if (expression == null || expression.isBlank()) return ReplayFilter.ALL;
        return parseAll(Arrays.asList(expression.split(";")));
    }

    /** Parses each expression (each may itself hold {@code ;}-separated terms) into one filter. */
    public ReplayFilter parseAll(Collection<String> expressions) {
        List<FilterTerm> terms = new ArrayList<>();
        for (String expression : expressions) {
            for (String term : expression.split(";")) {
                if (!term.isBlank()) terms.add(parseTerm(term.trim()));
            }
        }
        return new ReplayFilter(terms);
    }

    /** Parses one term. */
    public FilterTerm parseTerm(String expression) {
        Matcher m = TERM.matcher(expression);
        if (!m.matches()) {
            throw new FilterException(expression, "expected field=value, field!=value or time=FROM..TO");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        boolean negated = m.group(2).equals("!=");
        String value = m.group(3);
        if (name.equals("time")) {
            if (negated) throw new FilterException(expression, "time supports only time=FROM..TO");
            return timeRange(expression, value);
        }
        FilterTerm.Field field = FIELDS.get(name);
        if (field == null) {
            throw new FilterException(expression, "unknown field '" + m.group(1) + "' (expected one of time, "
                    + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())) + ")");
        }
        List<String> values = Arrays.stream(value.split(",")).map(String::trim).toList();
        if (values.stream().anyMatch(String::isEmpty)) throw new FilterException(expression, "empty value");
        if (field == FilterTerm.Field.CHANNEL) values = enumValues(expression, values, Channel.values(), "channel");
        if (field == FilterTerm.Field.LANE) values = enumValues(expression, values, Priority.values(), "lane");
        return new FilterTerm.FieldTerm(field, negated, values, expression);
    }

    private static List<String> enumValues(String expression, List<String> values, Enum<?>[] symbols, String what) {
        List<String> names = Arrays.stream(symbols).map(Enum::name).toList();
        for (String v : values) {
            if (!names.contains(v.toUpperCase(Locale.ROOT))) {
                throw new FilterException(expression, "unknown " + what + " '" + v + "' (expected one of "
                        + names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
            }
        }
        return values.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
    }

    private FilterTerm.TimeRange timeRange(String expression, String value) {
        int dots = value.indexOf("..");
        if (dots < 0) throw new FilterException(expression, "expected time=FROM..TO (either side may be empty)");
        Instant from = instant(expression, value.substring(0, dots).trim());
        Instant to = instant(expression, value.substring(dots + 2).trim());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new FilterException(expression, "FROM " + from + " is not before TO " + to);
        }
        // Kept in absolute form, so a resumed replay re-reads the same window even when it was given as an age.
        return new FilterTerm.TimeRange(from, to, "time=" + (from == null ? "" : from) + ".." + (to == null ? "" : to));
    }

    private Instant instant(String expression, String text) {
        if (text.isEmpty()) return null;
        if (text.equalsIgnoreCase("now")) return clock.instant();
        Matcher age = AGE.matcher(text);
        if (age.matches()) return clock.instant().minus(duration(Long.parseLong(age.group(1)), age.group(2)));
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new FilterException(expression, "'" + text
                            + "' is not an instant (2026-11-23T10:00:00Z), a UTC date(-time) or an age (30m, 2h, 1d)");
                }
            }
        }
    }

    /** A duration written as a number and a unit: ms, s, m, h, d. */
    static Duration duration(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
