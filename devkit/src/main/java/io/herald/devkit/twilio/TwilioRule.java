package io.herald.devkit.twilio;

import io.herald.devkit.script.RuleLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable scripted answer for the {@link TwilioStub}: which create-message requests it matches
 * (every condition must hold), when it applies and what it answers.
 *
 * <pre>{@code
 * TwilioRule.respond(TwilioReply.invalidToNumber()).forTo("+15005550001");
 * TwilioRule.respond(TwilioReply.tooManyRequests()).times(3);
 * TwilioRule.respond(TwilioReply.serviceUnavailable()).forNext(Duration.ofMinutes(2));
 * }</pre>
 */
public final class TwilioRule {
  private final TwilioReply reply;
  private final List<Predicate<SmsRequest>> conditions;
  private final List<String> descriptions;
  private final RuleLimits limits;

  private TwilioRule(TwilioReply reply, List<Predicate<SmsRequest>> conditions, List<String> descriptions,
      RuleLimits limits) {
    this.reply = reply;
    this.conditions = conditions;
    this.descriptions = descriptions;
    this.limits = limits;
  }

  /** A rule answering every request with {@code reply}, until narrowed. */
  public static TwilioRule respond(TwilioReply reply) {
    return new TwilioRule(Objects.requireNonNull(reply, "reply"), List.of(), List.of(), RuleLimits.none());
  }

  /** Matches when {@code To} is one of {@code numbers} (exact, E.164). */
  public TwilioRule forTo(String... numbers) {
    Set<String> wanted = setOf(numbers);
    return with(request -> wanted.contains(request.to()), "To in " + wanted.size() + " numbers");
  }

  /** Matches when {@code From} is one of {@code numbers}. */
  public TwilioRule fromNumber(String... numbers) {
    Set<String> wanted = setOf(numbers);
    return with(request -> wanted.contains(request.from()), "From in " + wanted.size() + " numbers");
  }

  /** Matches when {@code condition} holds for the request. */
  public TwilioRule when(Predicate<SmsRequest> condition) {
    return with(Objects.requireNonNull(condition, "condition"), "custom condition");
  }

  /** Applies from {@code from} (inclusive) until {@code until} (exclusive) on the stub's clock. */
  public TwilioRule between(Instant from, Instant until) {
    return new TwilioRule(reply, conditions, descriptions, limits.between(from, until));
  }

  /** Applies for {@code duration} from the moment the rule is installed in a stub. */
  public TwilioRule forNext(Duration duration) {
    return new TwilioRule(reply, conditions, descriptions, limits.forNext(duration));
  }

  /** Answers at most {@code count} requests. */
  public TwilioRule times(int count) {
    return new TwilioRule(reply, conditions, descriptions, limits.times(count));
  }

  /** The answer this rule gives. */
  public TwilioReply reply() {
    return reply;
  }

  /** The rule's window and count. */
  public RuleLimits limits() {
    return limits;
  }

  /** Whether the request meets every condition (window and count aside). */
  public boolean matches(SmsRequest request) {
    return conditions.stream().allMatch(condition -> condition.test(request));
  }

  @Override
  public String toString() {
    // Counts rather than numbers: rule descriptions end up in logs and assertion messages.
    String where = descriptions.isEmpty() ? "any request" : String.join(" and ", descriptions);
    return where + " -> " + reply;
  }

  private TwilioRule with(Predicate<SmsRequest> condition, String description) {
    List<Predicate<SmsRequest>> moreConditions = new ArrayList<>(conditions);
    moreConditions.add(condition);
    List<String> moreDescriptions = new ArrayList<>(descriptions);
    moreDescriptions.add(description);
    return new TwilioRule(reply, List.copyOf(moreConditions), List.copyOf(moreDescriptions), limits);
  }

  private static Set<String> setOf(String... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("at least one number is needed");
    }
    return Set.copyOf(Arrays.asList(values));
  }
}
