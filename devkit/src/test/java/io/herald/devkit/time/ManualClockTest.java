package io.herald.devkit.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void standsStillUntilAdvanced() {
    ManualClock clock = ManualClock.at(START);

    assertThat(clock.instant()).isEqualTo(START);
    clock.advance(Duration.ofSeconds(31));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(31));
  }

  @Test
  void refusesToGoBack() {
    ManualClock clock = ManualClock.at(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.set(START.minusMillis(1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void zonedViewFollowsTheSameTime() {
    ManualClock clock = ManualClock.at(START);
    var paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofMinutes(5));

    assertThat(paris.instant()).isEqualTo(START.plusSeconds(300));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }
}
