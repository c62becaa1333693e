package io.herald.replay.pace;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How fast a replay sends. A sealed choice: as fast as possible, a fixed rate, a linear rate ramp, or waves
 * (a fraction of the selected backlog released per interval, optionally capped by a rate inside each wave).
 */
public sealed interface Pace {

    /** The rate limit in messages per second at {@code elapsed} since the replay started; +∞ for no limit. */
    double rateAt(Duration elapsed);

    /** No pacing (used by dry runs and tests). */
    record Unlimited() implements Pace {
        @Override
        public double rateAt(Duration elapsed) {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public String toString() {
            return "unlimited";
        }
    }

    /** A steady {@code perSecond}. */
    record Rate(double perSecond) implements Pace {
        public Rate {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("rate must be a positive number per second, was " + perSecond);
            }
        }

        @Override
        public double rateAt(Duration elapsed) {
            return perSecond;
        }

        @Override
        public String toString() {
            return PaceParser.format(perSecond) + "/s";
        }
    }

    /** From {@code from} to {@code to} messages per second, linearly over {@code over}, then {@code to}. */
    record Ramp(Rate from, Rate to, Duration over) implements Pace {
        public Ramp {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (over == null || over.isNegative() || over.isZero()) throw new IllegalArgumentException("ramp duration must be positive");
        }

        @Override
        public double rateAt(Duration elapsed) {
            double progress = Math.min(1.0, Math.max(0.0, (double) elapsed.toNanos() / over.toNanos()));
            return from.perSecond() + (to.perSecond() - from.perSecond()) * progress;
        }

        @Override
        public String toString() {
            return from + ".." + to + "@" + PaceParser.format(over);
        }
    }

    /**
     * {@code percent} of the selected backlog every {@code interval}; {@code cap} limits the rate inside a wave (null: none).
     */
    record Waves(BigDecimal percent, Duration interval, Rate cap) implements Pace {
        public Waves {
            Objects.requireNonNull(percent, "percent");
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("wave size must be in (0, 100] percent, was " + percent);
            }
            if (interval == null || interval.isNegative()) throw new IllegalArgumentException("wave interval must be >= 0");
        }

        @Override
        public double rateAt(Duration elapsed) {
            return cap == null ? Double.POSITIVE_INFINITY : cap.perSecond();
        }

        /** Messages per wave for a backlog of {@code total}: the percentage rounded up, at least one. */
        public long waveSize(long total) {
            if (total <= 0) return 1;
            long size = BigDecimal.valueOf(total).multiply(percent).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
                    .longValueExact();
            return Math.max(1, size);
        }

        @Override
        public String toString() {
            return percent.stripTrailingZeros().toPlainString() + "%/" + PaceParser.format(interval)
                    + (cap == null ? "" : " max " + cap);
        }
    }
}
