package io.herald.devkit.script;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a scripted rule may answer: an optional time window {@code [notBefore, notAfter)} and an optional
 * number of answers. A window relative to "now" ({@link #forNext(Duration)}) is anchored when the rule is
 * installed, so a named rule can be built once and installed later.
 *
 * @param notBefore first instant the rule applies, or {@code null} for no lower bound
 * @param notAfter first instant the rule no longer applies, or {@code null} for no upper bound
 * @param forNext length of a window that starts when the rule is installed, or {@code null}
 * @param times how many attempts the rule answers before it is used up, or {@link #UNLIMITED}
 */
public record RuleLimits(Instant notBefore, Instant notAfter, Duration forNext, int times) {
  /** {@link #times()} value of a rule that never wears out. */
  public static final int UNLIMITED = -1;

  private static final RuleLimits NONE = new RuleLimits(null, null, null, UNLIMITED);

  public RuleLimits {
    if (notBefore != null && notAfter != null && !notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter " + notAfter + " must lie after notBefore " + notBefore);
    }
    if (forNext != null && (forNext.isNegative() || forNext.isZero())) {
      throw new IllegalArgumentException("forNext must be positive: " + forNext);
    }
    if (forNext != null && (notBefore != null || notAfter != null)) {
      throw new IllegalArgumentException("a rule has either an absolute window or forNext, not both");
    }
    if (times != UNLIMITED && times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
  }

  /** No window and no count: the rule applies until removed. */
  public static RuleLimits none() {
    return NONE;
  }

  /** Applies from {@code from} (inclusive) until {@code until} (exclusive). */
  public RuleLimits between(Instant from, Instant until) {
    return new RuleLimits(Objects.requireNonNull(from, "from"), Objects.requireNonNull(until, "until"), null, times);
  }

  /** Applies for {@code duration} from the moment the rule is installed. */
  public RuleLimits forNext(Duration duration) {
    return new RuleLimits(null, null, Objects.requireNonNull(duration, "duration"), times);
  }

  /** Answers at most {@code count} attempts, then is used up. */
  public RuleLimits times(int count) {
    return new RuleLimits(notBefore, notAfter, forNext, count);
  }

  /** Turns a relative window into an absolute one starting at {@code now}. */
  public RuleLimits anchoredAt(Instant now) {
    return forNext == null ? this : new RuleLimits(now, now.plus(forNext), null, times);
  }

  /** Whether {@code now} lies inside the window (always true without one). */
  public boolean covers(Instant now) {
    if (forNext != null) {
      throw new IllegalStateException("anchor a relative window before evaluating it");
    }
    return (notBefore == null || !now.isBefore(notBefore)) && (notAfter == null || now.isBefore(notAfter));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (forNext != null) {
      text.append(" for the next ").append(forNext);
    }
    if (notBefore != null || notAfter != null) {
      text.append(" during [").append(notBefore).append(", ").append(notAfter).append(')');
    }
    if (times != UNLIMITED) {
      text.append(" at most ").append(times).append(times == 1 ? " time" : " times");
    }
    return text.length() == 0 ? " always" : text.toString();
  }
}
