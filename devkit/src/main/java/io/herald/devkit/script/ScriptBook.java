package io.herald.devkit.script;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An ordered, thread-safe list of scripted replies shared by the devkit's fake providers: the first
 * installed rule that is in its window, matches the attempt and is not used up gives the answer.
 *
 * <p>Rules are added and removed while server threads evaluate them, hence the copy-on-write list:
 * scripts change rarely and are read on every attempt.
 *
 * @param <A> what a rule looks at (an SMTP command, an HTTP request)
 * @param <R> what a rule answers
 */
public final class ScriptBook<A, R> {
  private final List<Entry<A, R>> entries = new CopyOnWriteArrayList<>();

  /**
   * Appends a rule; it is evaluated after every rule already installed.
   *
   * @param condition which attempts the rule answers
   * @param reply the answer
   * @param limits window and count; a relative window is anchored at {@code now}
   * @param description what the rule does, for {@code toString} in test failures
   * @param now the installing server's current time
   */
  public ScriptHandle<R> add(Predicate<? super A> condition, R reply, RuleLimits limits, String description,
      Instant now) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(reply, "reply");
    ScriptHandle<R> handle = new ScriptHandle<>(reply, description, limits.anchoredAt(now),
        removed -> entries.removeIf(entry -> entry.handle() == removed));
    entries.add(new Entry<>(condition, handle));
    return handle;
  }

  /** The reply of the first rule that answers {@code attempt} at {@code now}, consuming one of its uses. */
  public Optional<R> answer(A attempt, Instant now) {
    for (Entry<A, R> entry : entries) {
      ScriptHandle<R> handle = entry.handle();
      if (handle.isUsedUp() || !handle.limits().covers(now) || !entry.condition().test(attempt)) {
        continue;
      }
      // Another thread may have taken the last use between the checks and here; then keep looking.
      if (handle.claim()) {
        return Optional.of(handle.reply());
      }
    }
    return Optional.empty();
  }

  /** The installed rules in evaluation order. */
  public List<ScriptHandle<R>> handles() {
    return entries.stream().map(Entry::handle).toList();
  }

  /** Removes every rule. */
  public void clear() {
    entries.forEach(entry -> entry.handle().remove());
  }

  private record Entry<A, R>(Predicate<? super A> condition, ScriptHandle<R> handle) {}
}
