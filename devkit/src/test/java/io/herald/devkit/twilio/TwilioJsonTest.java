package io.herald.devkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioJsonTest {

  @Test
  void gsmTextFitsOneSegmentUpTo160Characters() {
    assertThat(TwilioJson.segments("a".repeat(160))).isEqualTo(1);
    assertThat(TwilioJson.segments("a".repeat(161))).isEqualTo(2);
    assertThat(TwilioJson.segments("a".repeat(306))).isEqualTo(2);
    assertThat(TwilioJson.segments("a".repeat(307))).isEqualTo(3);
  }

  @Test
  void gsmExtensionCharactersCountTwice() {
    assertThat(TwilioJson.segments("€".repeat(80))).isEqualTo(1);
    assertThat(TwilioJson.segments("€".repeat(81))).isEqualTo(2);
  }

  @Test
  void anyNonGsmCharacterSwitchesToUcs2() {
    assertThat(TwilioJson.segments("✓" + "a".repeat(69))).isEqualTo(1);
    assertThat(TwilioJson.segments("✓" + "a".repeat(70))).isEqualTo(2);
  }

  @Test
  void errorBodyHasTwiliosShape() {
    assertThat(TwilioJson.error(TwilioReply.invalidToNumber())).isEqualTo(
        "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\","
            + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
  }

  @Test
  void messageBodyEscapesTextAndUsesRfc2822Dates() {
    SmsRequest request = new SmsRequest("ACx", "+15005550006", "+15005550001", null, "say \"hi\"\n",
        null, Map.of("Body", List.of("say \"hi\"\n")), Instant.parse("2030-01-03T04:05:06Z"));

    String json = TwilioJson.message("ACx", "SM1", request, "queued", request.receivedAt());

    assertThat(json)
        .contains("\"body\":\"say \\\"hi\\\"\\n\"")
        .contains("\"date_created\":\"Thu, 03 Jan 2030 04:05:06 +0000\"")
        .contains("\"messaging_service_sid\":null")
        .contains("\"num_segments\":\"1\"")
        .contains("\"uri\":\"/2010-04-01/Accounts/ACx/Messages/SM1.json\"");
  }
}
