package io.herald.devkit.script;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An installed scripted rule: how often it answered, whether it is used up, and a way to remove it.
 * Closing the handle removes the rule, so a rule can be scoped with try-with-resources:
 *
 * <pre>{@code
 * try (ScriptHandle<SmtpReply> outage = smtp.script(Replies.deferAll451())) {
 *   // every RCPT TO is answered 451 here
 * }
 * }</pre>
 *
 * @param <R> the reply type of the server the rule is installed in
 */
public final class ScriptHandle<R> implements AutoCloseable {
  private final R reply;
  private final String description;
  private final RuleLimits limits;
  private final AtomicInteger remaining;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicBoolean removed = new AtomicBoolean();
  private final Consumer<ScriptHandle<R>> remover;

  ScriptHandle(R reply, String description, RuleLimits limits, Consumer<ScriptHandle<R>> remover) {
    this.reply = reply;
    this.description = description;
    this.limits = limits;
    this.remaining = new AtomicInteger(limits.times());
    this.remover = remover;
  }

  /** The reply this rule gives. */
  public R reply() {
    return reply;
  }

  /** The rule's limits, with a relative window already anchored at installation. */
  public RuleLimits limits() {
    return limits;
  }

  /** How many attempts this rule has answered. */
  public long hits() {
    return hits.get();
  }

  /** Whether a rule limited by {@link RuleLimits#times(int)} has given all its answers. */
  public boolean isUsedUp() {
    return limits.times() != RuleLimits.UNLIMITED && remaining.get() <= 0;
  }

  /** Whether the rule was removed (explicitly, by clearing, or by being used up). */
  public boolean isRemoved() {
    return removed.get();
  }

  /** Removes the rule; later attempts no longer see it. Idempotent. */
  public void remove() {
    if (removed.compareAndSet(false, true)) {
      remover.accept(this);
    }
  }

  /** Same as {@link #remove()}. */
  @Override
  public void close() {
    remove();
  }

  /**
   * Takes one answer from a count-limited rule. Returns false when it is used up; the caller checks the
   * window and condition first, so a non-matching attempt never consumes an answer.
   */
  boolean claim() {
    if (removed.get()) {
      return false;
    }
    if (limits.times() == RuleLimits.UNLIMITED) {
      hits.incrementAndGet();
      return true;
    }
    int left = remaining.getAndUpdate(current -> current > 0 ? current - 1 : current);
    if (left <= 0) {
      return false;
    }
    hits.incrementAndGet();
    if (left == 1) {
      // Used up: drop it from the book so queued one-shot replies do not pile up in long runs.
      remove();
    }
    return true;
  }

  @Override
  public String toString() {
    return description + limits + " (hits " + hits.get() + (removed.get() ? ", removed)" : ")");
  }
}
