package io.herald.devkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceivedMailTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void parsesFoldedAndEncodedHeaders() {
    String mime = "Message-ID: <n-42@herald.io>\r\n"
        + "Subject: =?UTF-8?B?w4lsw6hu?=\r\n"
        + " e\r\n"
        + "X-Herald-Lane: critical\r\n"
        + "\r\n"
        + "Hello\r\n";
    ReceivedMail mail = ReceivedMail.of("s@herald.io", List.of("a@example.com"), bytes(mime), NOW);

    assertThat(mail.messageId()).contains("<n-42@herald.io>");
    assertThat(mail.subject()).contains("Élèn e");
    assertThat(mail.header("x-herald-lane")).contains("critical");
    assertThat(mail.size()).isEqualTo(bytes(mime).length);
  }

  @Test
  void keepsItsOwnCopyOfTheBytes() {
    byte[] mime = bytes("Subject: a\r\n\r\nbody\r\n");
    ReceivedMail mail = ReceivedMail.of("s@herald.io", List.of("a@example.com"), mime, NOW);

    mime[9] = 'b';
    mail.mime()[9] = 'c';

    assertThat(mail.subject()).contains("a");
  }

  @Test
  void toStringLeavesOutAddressesAndSubject() {
    ReceivedMail mail = ReceivedMail.of("secret-sender@herald.io", List.of("person@example.com"),
        bytes("Subject: private matter\r\n\r\nx\r\n"), NOW);

    assertThat(mail.toString()).doesNotContain("person@example.com", "secret-sender", "private matter");
  }

  @Test
  void recordsHowTheSessionWasSecuredAndKeepsTheUserOutOfToString() {
    ReceivedMail plain = ReceivedMail.of("s@herald.io", List.of("a@example.com"), bytes("Subject: a\r\n\r\nx\r\n"), NOW);
    ReceivedMail secured = ReceivedMail.of("s@herald.io", List.of("a@example.com"), bytes("Subject: a\r\n\r\nx\r\n"), NOW,
        true, Optional.of("relay-user@herald.io"));

    assertThat(plain.tls()).isFalse();
    assertThat(plain.authenticatedUser()).isEmpty();
    assertThat(secured.tls()).isTrue();
    assertThat(secured.authenticatedUser()).contains("relay-user@herald.io");
    assertThat(secured.toString()).contains("tls=true", "authenticated=true").doesNotContain("relay-user");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
