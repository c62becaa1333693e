package io.herald.devkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpRuleTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final SmtpReply DEFER = Replies.TEMPORARY_SERVER_ERROR_451;

  @Test
  void recipientRuleMatchesTheOfferedRecipientIgnoringCase() {
    SmtpRule rule = SmtpRule.onRcptTo(DEFER).forRecipient("Ghost@Example.com");

    assertThat(rule.matches(rcpt("sender@herald.io", "ghost@example.COM"))).isTrue();
    assertThat(rule.matches(rcpt("sender@herald.io", "alive@example.com"))).isFalse();
  }

  @Test
  void domainRuleMatchesAnyAddressAtTheDomain() {
    SmtpRule rule = SmtpRule.onRcptTo(DEFER).forDomain("outlook.com");

    assertThat(rule.matches(rcpt("s@herald.io", "anyone@Outlook.com"))).isTrue();
    assertThat(rule.matches(rcpt("s@herald.io", "anyone@outlook.com.evil.io"))).isFalse();
  }

  @Test
  void senderRuleLooksAtTheEnvelopeSender() {
    SmtpRule rule = SmtpRule.onRcptTo(DEFER).fromSender("bulk@herald.io");

    assertThat(rule.matches(rcpt("bulk@herald.io", "a@example.com"))).isTrue();
    assertThat(rule.matches(rcpt("alerts@herald.io", "a@example.com"))).isFalse();
  }

  @Test
  void ruleOnlyAnswersAtItsOwnStage() {
    SmtpRule rule = Replies.deferAll451();

    assertThat(rule.matches(rcpt("s@herald.io", "a@example.com"))).isTrue();
    assertThat(rule.matches(mailFrom("s@herald.io"))).isFalse();
  }

  @Test
  void dataRuleCanLookAtTheReceivedMessage() {
    SmtpRule rule = Replies.contentRejected554().whenMessage(mail -> mail.subject().orElse("").contains("WIN"));

    assertThat(rule.matches(data("Subject: YOU WIN\r\n\r\nbody\r\n"))).isTrue();
    assertThat(rule.matches(data("Subject: Your receipt\r\n\r\nbody\r\n"))).isFalse();
  }

  @Test
  void dataRuleWithRecipientConditionMatchesAnyRecipientOfTheMessage() {
    SmtpRule rule = SmtpRule.onData(DEFER).forRecipient("b@example.com");

    assertThat(rule.matches(data("Subject: x\r\n\r\n"))).isTrue();
  }

  @Test
  void conditionsAStageCannotSeeAreRefused() {
    assertThatThrownBy(() -> Replies.connectionLimit421().forRecipient("a@example.com"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("MAIL_FROM");
    assertThatThrownBy(() -> Replies.greeting421().fromSender("a@example.com"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Replies.deferAll451().whenMessage(mail -> true))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void narrowingReturnsACopyAndKeepsTheOriginal() {
    SmtpRule broad = Replies.deferAll451();
    SmtpRule narrow = broad.forDomain("example.com").times(3);

    assertThat(broad.matches(rcpt("s@herald.io", "a@other.org"))).isTrue();
    assertThat(narrow.matches(rcpt("s@herald.io", "a@other.org"))).isFalse();
    assertThat(narrow.limits().times()).isEqualTo(3);
    assertThat(broad.limits().times()).isEqualTo(-1);
  }

  @Test
  void repliesCarryCodeAndEnhancedText() {
    assertThat(Replies.TEMPORARY_SERVER_ERROR_451.line()).startsWith("451 4.3.2 ");
    assertThat(Replies.MAILBOX_UNKNOWN_550.line()).startsWith("550 5.1.1 ");
    assertThat(Replies.TOO_MANY_CONNECTIONS_421.dropConnection()).isTrue();
    assertThat(SmtpReply.accept().accepts()).isTrue();
    assertThatThrownBy(() -> SmtpReply.reject(250, "2.0.0 Ok")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConnectionResetSendsNoReplyAndCannotReplaceTheGreeting() {
    SmtpReply reset = SmtpReply.connectionReset();

    assertThat(reset.reset()).isTrue();
    assertThat(reset.dropConnection()).isTrue();
    assertThat(reset.accepts()).isFalse();
    assertThat(reset.toString()).contains("reset");
    assertThat(Replies.TOO_MANY_CONNECTIONS_421.reset()).isFalse();
    assertThat(SmtpRule.onData(reset).stage()).isEqualTo(SmtpStage.DATA);
    assertThatThrownBy(() -> SmtpRule.onConnect(reset))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONNECT");
    assertThatThrownBy(() -> new SmtpReply(421, "x", false, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropConnection");
  }

  private static SmtpAttempt rcpt(String sender, String recipient) {
    return new SmtpAttempt(SmtpStage.RCPT_TO, NOW, Optional.of(sender), Optional.of(recipient), List.of(),
        Optional.empty());
  }

  private static SmtpAttempt mailFrom(String sender) {
    return new SmtpAttempt(SmtpStage.MAIL_FROM, NOW, Optional.of(sender), Optional.empty(), List.of(),
        Optional.empty());
  }

  private static SmtpAttempt data(String mime) {
    List<String> recipients = List.of("a@example.com", "b@example.com");
    ReceivedMail mail = ReceivedMail.of("s@herald.io", recipients, mime.getBytes(StandardCharsets.US_ASCII), NOW);
    return new SmtpAttempt(SmtpStage.DATA, NOW, Optional.of("s@herald.io"), Optional.empty(), recipients,
        Optional.of(mail));
  }
}
