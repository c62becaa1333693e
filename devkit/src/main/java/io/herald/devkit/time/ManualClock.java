package io.herald.devkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when a test moves it, so time-window behaviour ("defer everything
 * for 30 s") is tested by advancing the clock instead of sleeping.
 *
 * <p>Thread-safe: servers read it from their own threads while the test advances it.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
 * clock.advance(Duration.ofSeconds(31));
 * }</pre>
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static ManualClock at(Instant start) {
    return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** A clock standing at the current system time, in UTC. */
  public static ManualClock atSystemTime() {
    return at(Instant.now());
  }

  /** Moves the clock forward; negative durations are refused because servers assume time never goes back. */
  public Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("step must not be negative: " + step);
    }
    return now.updateAndGet(current -> current.plus(step));
  }

  /** Sets the clock to {@code instant}, which may not lie before the current time. */
  public void set(Instant instant) {
    now.updateAndGet(current -> {
      if (instant.isBefore(current)) {
        throw new IllegalArgumentException("instant " + instant + " lies before the clock's time " + current);
      }
      return instant;
    });
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    // Shares the same time source, so a zoned view still follows advance().
    return new ManualClock(now, newZone);
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
