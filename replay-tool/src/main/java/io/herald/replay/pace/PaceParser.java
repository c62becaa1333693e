package io.herald.replay.pace;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses pace expressions:
 * <ul>
 *   <li>a rate {@code 50/s}, {@code 3000/m}, {@code 10000/h};</li>
 *   <li>waves {@code 10%/5m} (10% of the selected backlog every 5 minutes);</li>
 *   <li>a ramp {@code 10/s..200/s@10m} (linearly from 10/s to 200/s over 10 minutes, then 200/s).</li>
 * </ul>
 * Durations are a number and a unit (ms, s, m, h), or ISO-8601 ({@code PT5M}).
 */
public final class PaceParser {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|sec|m|min|h|hour)");
    private static final Pattern WAVES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%\\s*/\\s*(\\S+)");
    private static final Pattern RAMP = Pattern.compile("(.+?)\\.\\.(.+?)@(.+)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private PaceParser() {
    }

    /** Parses any of the three forms. */
    public static Pace parse(String expression) {
        if (expression == null || expression.isBlank()) throw new PaceException(String.valueOf(expression), "empty");
        String text = expression.trim().toLowerCase(Locale.ROOT);
        if (text.contains("%")) return waves(expression);
        Matcher ramp = RAMP.matcher(text);
        if (ramp.matches()) {
            return new Pace.Ramp(rate(expression, ramp.group(1).trim()), rate(expression, ramp.group(2).trim()),
                    duration(expression, ramp.group(3).trim()));
        }
        return rate(expression, text);
    }

    /** Parses {@code 10%/5m}. */
    public static Pace.Waves waves(String expression) {
        Matcher m = WAVES.matcher(expression.trim());
        if (!m.matches()) throw new PaceException(expression, "expected waves like 10%/5m (percent of the backlog per interval)");
        BigDecimal percent = new BigDecimal(m.group(1));
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new PaceException(expression, "the percentage must be in (0, 100]");
        }
        return new Pace.Waves(percent, duration(expression, m.group(2)), null);
    }

    /** Parses {@code 50/s}. */
    public static Pace.Rate rate(String expression) {
        return rate(expression, expression.trim().toLowerCase(Locale.ROOT));
    }

    private static Pace.Rate rate(String expression, String text) {
        Matcher m = RATE.matcher(text);
        if (!m.matches()) throw new PaceException(expression, "expected a rate like 50/s, 3000/m or 10000/h");
        double amount = Double.parseDouble(m.group(1));
        if (amount <= 0) throw new PaceException(expression, "the rate must be positive");
        double perSecond = switch (m.group(2)) {
            case "s", "sec" -> amount;
            case "m", "min" -> amount / 60.0;
            default -> amount / 3600.0;
        };
        return new Pace.Rate(perSecond);
    }

    /** Parses {@code 5m}, {@code 500ms}, {@code PT5M}. */
    public static Duration duration(String expression, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new PaceException(expression, "'" + text + "' is not a duration (500ms, 30s, 5m, 1h or PT5M)");
        }
    }

    static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : String.format(Locale.ROOT, "%.3f", perSecond);
    }

    static String format(Duration d) {
        if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) return d.toHours() + "h";
        if (d.toMillis() % 60_000 == 0 && !d.isZero()) return d.toMinutes() + "m";
        if (d.toMillis() % 1000 == 0) return d.toSeconds() + "s";
        return d.toMillis() + "ms";
    }
}
