package io.herald.devkit.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScriptBookTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private final ScriptBook<String, String> book = new ScriptBook<>();

  @Test
  void answersNothingWithoutRules() {
    assertThat(book.answer("anything", T0)).isEmpty();
  }

  @Test
  void firstMatchingRuleAnswersInInstallationOrder() {
    book.add("vip"::equals, "accept", RuleLimits.none(), "vip", T0);
    book.add(attempt -> true, "defer", RuleLimits.none(), "all", T0);

    assertThat(book.answer("vip", T0)).contains("accept");
    assertThat(book.answer("someone", T0)).contains("defer");
  }

  @Test
  void countLimitedRuleFallsThroughOnceUsedUpAndLeavesTheBook() {
    ScriptHandle<String> twice = book.add(attempt -> true, "defer", RuleLimits.none().times(2), "twice", T0);

    assertThat(book.answer("a", T0)).contains("defer");
    assertThat(book.answer("b", T0)).contains("defer");
    assertThat(book.answer("c", T0)).isEmpty();
    assertThat(twice.hits()).isEqualTo(2);
    assertThat(twice.isUsedUp()).isTrue();
    assertThat(book.handles()).isEmpty();
  }

  @Test
  void nonMatchingAttemptDoesNotConsumeAUse() {
    ScriptHandle<String> once = book.add("x"::equals, "defer", RuleLimits.none().times(1), "once", T0);

    assertThat(book.answer("y", T0)).isEmpty();
    assertThat(book.answer("x", T0)).contains("defer");
    assertThat(once.hits()).isEqualTo(1);
  }

  @Test
  void absoluteWindowIncludesItsStartAndExcludesItsEnd() {
    book.add(attempt -> true, "defer", RuleLimits.none().between(T0, T0.plusSeconds(30)), "window", T0);

    assertThat(book.answer("a", T0.minusMillis(1))).isEmpty();
    assertThat(book.answer("a", T0)).contains("defer");
    assertThat(book.answer("a", T0.plusSeconds(29))).contains("defer");
    assertThat(book.answer("a", T0.plusSeconds(30))).isEmpty();
  }

  @Test
  void relativeWindowStartsWhenTheRuleIsInstalled() {
    Instant installedAt = T0.plusSeconds(100);
    ScriptHandle<String> handle =
        book.add(attempt -> true, "defer", RuleLimits.none().forNext(Duration.ofSeconds(30)), "outage", installedAt);

    assertThat(handle.limits().notBefore()).isEqualTo(installedAt);
    assertThat(book.answer("a", installedAt.plusSeconds(29))).contains("defer");
    assertThat(book.answer("a", installedAt.plusSeconds(30))).isEmpty();
  }

  @Test
  void removedRuleNoLongerAnswers() {
    ScriptHandle<String> handle = book.add(attempt -> true, "defer", RuleLimits.none(), "all", T0);
    try (handle) {
      assertThat(book.answer("a", T0)).contains("defer");
    }

    assertThat(handle.isRemoved()).isTrue();
    assertThat(book.answer("a", T0)).isEmpty();
  }

  @Test
  void clearRemovesEveryRule() {
    ScriptHandle<String> first = book.add(attempt -> true, "defer", RuleLimits.none(), "all", T0);
    book.add(attempt -> true, "reject", RuleLimits.none(), "all", T0);

    book.clear();

    assertThat(book.handles()).isEmpty();
    assertThat(first.isRemoved()).isTrue();
    assertThat(book.answer("a", T0)).isEmpty();
  }

  @Test
  void concurrentAttemptsNeverExceedTheRulesCount() throws Exception {
    ScriptHandle<String> limited = book.add(attempt -> true, "defer", RuleLimits.none().times(100), "100", T0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger deferred = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int worker = 0; worker < 4; worker++) {
      workers.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 100; i++) {
          Optional<String> answer = book.answer("a", T0);
          answer.ifPresent(reply -> deferred.incrementAndGet());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(deferred.get()).isEqualTo(100);
    assertThat(limited.hits()).isEqualTo(100);
  }

  @Test
  void limitsRejectContradictions() {
    assertThatThrownBy(() -> RuleLimits.none().times(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuleLimits.none().between(T0, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuleLimits.none().forNext(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RuleLimits(T0, T0.plusSeconds(1), Duration.ofSeconds(1), RuleLimits.UNLIMITED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
