package io.herald.devkit.smtp;

import io.herald.devkit.script.RuleLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An immutable scripted reply for the {@link ScriptedSmtpServer}: at which {@link SmtpStage} it answers,
 * which attempts it matches (every condition must hold), when it applies and what it replies. Each
 * {@code for…}/{@code when…} method returns a narrower copy.
 *
 * <pre>{@code
 * SmtpRule.onRcptTo(SmtpReply.reject(550, "5.1.1 User unknown")).forRecipient("ghost@example.com");
 * SmtpRule.onRcptTo(SmtpReply.reject(451, "4.3.2 Try later")).forDomain("outlook.com").forNext(Duration.ofSeconds(30));
 * SmtpRule.onData(SmtpReply.reject(554, "5.7.1 Spam")).whenMessage(m -> m.subject().orElse("").contains("WIN"));
 * SmtpRule.onMailFrom(SmtpReply.rejectAndDrop(421, "4.7.0 Try later")).times(1);
 * }</pre>
 *
 * Addresses and domains compare case-insensitively, as mail servers do in practice.
 */
public final class SmtpRule {
  private final SmtpStage stage;
  private final SmtpReply reply;
  private final List<Predicate<SmtpAttempt>> conditions;
  private final List<String> descriptions;
  private final RuleLimits limits;

  private SmtpRule(SmtpStage stage, SmtpReply reply, List<Predicate<SmtpAttempt>> conditions,
      List<String> descriptions, RuleLimits limits) {
    this.stage = stage;
    this.reply = reply;
    this.conditions = conditions;
    this.descriptions = descriptions;
    this.limits = limits;
  }

  /** A rule answering every attempt at {@code stage} with {@code reply}, until narrowed. */
  public static SmtpRule at(SmtpStage stage, SmtpReply reply) {
    if (stage == SmtpStage.CONNECT && reply != null && reply.reset()) {
      // Before the greeting the server can only refuse the session with a reply line.
      throw new IllegalArgumentException("a connection reset needs stage MAIL_FROM, RCPT_TO or DATA, not CONNECT");
    }
    return new SmtpRule(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(reply, "reply"),
        List.of(), List.of(), RuleLimits.none());
  }

  /** A rule answering instead of the greeting; the connection is closed after a rejection. */
  public static SmtpRule onConnect(SmtpReply reply) {
    return at(SmtpStage.CONNECT, reply);
  }

  /** A rule answering {@code MAIL FROM}. */
  public static SmtpRule onMailFrom(SmtpReply reply) {
    return at(SmtpStage.MAIL_FROM, reply);
  }

  /** A rule answering {@code RCPT TO}, once per recipient. */
  public static SmtpRule onRcptTo(SmtpReply reply) {
    return at(SmtpStage.RCPT_TO, reply);
  }

  /** A rule answering the end of {@code DATA}, after the message was received. */
  public static SmtpRule onData(SmtpReply reply) {
    return at(SmtpStage.DATA, reply);
  }

  /** Matches when a recipient is one of {@code addresses} (any recipient of the message at DATA). */
  public SmtpRule forRecipient(String... addresses) {
    requireStage("recipient", SmtpStage.RCPT_TO, SmtpStage.DATA);
    Set<String> wanted = lowerCase(addresses);
    return with(attempt -> attempt.addressedRecipients().stream().map(SmtpRule::lower).anyMatch(wanted::contains),
        "recipient in " + wanted);
  }

  /** Matches when a recipient's domain is one of {@code domains}. */
  public SmtpRule forDomain(String... domains) {
    requireStage("recipient domain", SmtpStage.RCPT_TO, SmtpStage.DATA);
    Set<String> wanted = lowerCase(domains);
    return with(attempt -> attempt.addressedRecipients().stream().map(SmtpRule::domainOf).anyMatch(wanted::contains),
        "recipient domain in " + wanted);
  }

  /** Matches when the envelope sender is one of {@code addresses}. */
  public SmtpRule fromSender(String... addresses) {
    requireStage("sender", SmtpStage.MAIL_FROM, SmtpStage.RCPT_TO, SmtpStage.DATA);
    Set<String> wanted = lowerCase(addresses);
    return with(attempt -> attempt.sender().map(SmtpRule::lower).filter(wanted::contains).isPresent(),
        "sender in " + wanted);
  }

  /** Matches when the envelope sender's domain is one of {@code domains}. */
  public SmtpRule fromSenderDomain(String... domains) {
    requireStage("sender domain", SmtpStage.MAIL_FROM, SmtpStage.RCPT_TO, SmtpStage.DATA);
    Set<String> wanted = lowerCase(domains);
    return with(attempt -> attempt.sender().map(SmtpRule::domainOf).filter(wanted::contains).isPresent(),
        "sender domain in " + wanted);
  }

  /** Matches when {@code condition} holds for the attempt. */
  public SmtpRule when(Predicate<SmtpAttempt> condition) {
    return with(Objects.requireNonNull(condition, "condition"), "custom condition");
  }

  /** Matches when {@code condition} holds for the received message; only at {@link SmtpStage#DATA}. */
  public SmtpRule whenMessage(Predicate<ReceivedMail> condition) {
    Objects.requireNonNull(condition, "condition");
    requireStage("message", SmtpStage.DATA);
    return with(attempt -> attempt.message().filter(condition).isPresent(), "message condition");
  }

  /** Applies from {@code from} (inclusive) until {@code until} (exclusive) on the server's clock. */
  public SmtpRule between(Instant from, Instant until) {
    return withLimits(limits.between(from, until));
  }

  /** Applies for {@code duration} from the moment the rule is installed in a server. */
  public SmtpRule forNext(Duration duration) {
    return withLimits(limits.forNext(duration));
  }

  /** Answers at most {@code count} attempts, then lets later rules (or acceptance) take over. */
  public SmtpRule times(int count) {
    return withLimits(limits.times(count));
  }

  /** The stage this rule answers at. */
  public SmtpStage stage() {
    return stage;
  }

  /** The reply this rule gives. */
  public SmtpReply reply() {
    return reply;
  }

  /** The rule's window and count. */
  public RuleLimits limits() {
    return limits;
  }

  /** Whether the attempt is at this rule's stage and meets every condition (window and count aside). */
  public boolean matches(SmtpAttempt attempt) {
    return attempt.stage() == stage && conditions.stream().allMatch(condition -> condition.test(attempt));
  }

  @Override
  public String toString() {
    String where = descriptions.isEmpty() ? "" : " where " + String.join(" and ", descriptions);
    return stage + where + " -> " + reply;
  }

  private SmtpRule with(Predicate<SmtpAttempt> condition, String description) {
    List<Predicate<SmtpAttempt>> moreConditions = new ArrayList<>(conditions);
    moreConditions.add(condition);
    List<String> moreDescriptions = new ArrayList<>(descriptions);
    moreDescriptions.add(description);
    return new SmtpRule(stage, reply, List.copyOf(moreConditions), List.copyOf(moreDescriptions), limits);
  }

  private SmtpRule withLimits(RuleLimits newLimits) {
    return new SmtpRule(stage, reply, conditions, descriptions, newLimits);
  }

  private void requireStage(String what, SmtpStage... allowed) {
    // A condition the stage can never see would make a rule that silently never fires.
    if (!Arrays.asList(allowed).contains(stage)) {
      throw new IllegalStateException("a " + what + " condition needs stage " + Arrays.toString(allowed)
          + ", not " + stage);
    }
  }

  private static Set<String> lowerCase(String... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("at least one value is needed");
    }
    return Arrays.stream(values).map(value -> lower(Objects.requireNonNull(value, "value")))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }

  private static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : lower(address.substring(at + 1));
  }
}
