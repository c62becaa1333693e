package io.herald.schemas.topics;

import io.herald.runtime.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One retry delay tier, named by its delay ({@code 10s}, {@code 1m}, {@code 10m}, {@code 1h}); each
 * tier has its own topic per channel so a slow tier never holds up a fast one.
 */
public record RetryTier(String name, Duration delay) {
    private static final Pattern SPEC = Pattern.compile("\\d+(ms|s|m|h|d)");
    /** The transactional and bulk lanes' default tiers: 10 seconds, 1 minute, 10 minutes. Every lane's defaults: {@link RetryLanes}. */
    public static final List<RetryTier> DEFAULTS = parseList("10s,1m,10m");

    public RetryTier {
        Objects.requireNonNull(name, "name");
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("retry tier " + name + " needs a positive delay");
        }
    }

    /** Parses one tier such as {@code 30s}, in Herald's one duration grammar; the tier keeps the name it was given. */
    public static RetryTier parse(String spec) {
        String text = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        Duration delay;
        try {
            delay = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retry tier " + e.getMessage(), e);
        }
        return new RetryTier(SPEC.matcher(text).matches() ? text : Durations.format(delay), delay);
    }

    /** Parses a comma-separated list such as {@code 10s,1m,10m}, in order. */
    public static List<RetryTier> parseList(String specs) {
        List<RetryTier> tiers = new ArrayList<>();
        for (String part : specs.split(",")) {
            if (!part.isBlank()) tiers.add(parse(part));
        }
        if (tiers.isEmpty()) throw new IllegalArgumentException("at least one retry tier is required");
        return List.copyOf(tiers);
    }
}
