package io.herald.compose.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.devkit.smtp.SmtpStage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FaultSpecTest {

    static Stream<Arguments> mailFaults() {
        return Stream.of(
                Arguments.of(Map.of("stage", "RCPT", "reply", "451 4.3.2 Temporary server error. Please try again later", "for", "2m",
                        "recipients", "*"), SmtpStage.RCPT_TO, 451, false, Duration.ofMinutes(2), List.of(), 0),
                Arguments.of(Map.of("stage", "MAIL", "reply", "421 4.3.2 The maximum number of concurrent connections has exceeded a limit, "
                        + "closing transmission channel", "every", 3), SmtpStage.MAIL_FROM, 421, true, SmtpFault.DEFAULT_FOR, List.of(), 3),
                Arguments.of(Map.of("stage", "greeting", "reply", "421 4.3.2 Service not available", "drop", false),
                        SmtpStage.CONNECT, 421, false, SmtpFault.DEFAULT_FOR, List.of(), 0),
                Arguments.of(Map.of("reply", "550 5.1.1 User unknown", "recipients", "Ghost@Example.com, outlook.com"),
                        SmtpStage.RCPT_TO, 550, false, SmtpFault.DEFAULT_FOR, List.of("ghost@example.com", "@outlook.com"), 0),
                Arguments.of(Map.of("stage", "data", "reply", "554", "for", "30s", "recipients", List.of("@spam.example")),
                        SmtpStage.DATA, 554, false, Duration.ofSeconds(30), List.of("@spam.example"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailFaults")
    void readsAMailFaultAsAUserWritesIt(Map<String, Object> json, SmtpStage stage, int code, boolean drop, Duration duration,
                                        List<String> recipients, int every) {
        SmtpFault fault = SmtpFault.parse(json);

        assertThat(fault.stage()).isEqualTo(stage);
        assertThat(fault.reply().code()).isEqualTo(code);
        assertThat(fault.reply().dropConnection()).isEqualTo(drop);
        assertThat(fault.duration()).isEqualTo(duration);
        assertThat(fault.recipients()).isEqualTo(recipients);
        assertThat(fault.every()).isEqualTo(every);
    }

    static Stream<Arguments> badFaults() {
        return Stream.of(
                Arguments.of(Map.of("stage", "RCPT"), "reply"),
                Arguments.of(Map.of("reply", "250 ok"), "reply"),
                Arguments.of(Map.of("reply", "451 4.3.2", "stage", "QUIT"), "stage"),
                Arguments.of(Map.of("reply", "451 4.3.2", "for", "forever"), "for"),
                Arguments.of(Map.of("reply", "451 4.3.2", "for", "48h"), "for"),
                Arguments.of(Map.of("reply", "451 4.3.2", "every", 1), "every"),
                Arguments.of(Map.of("reply", "451 4.3.2", "stage", "MAIL", "recipients", "@x.example"), "recipients"),
                Arguments.of(Map.of("reply", "451 4.3.2", "recipents", "*"), "recipents"));
    }

    @ParameterizedTest(name = "{0} names {1}")
    @MethodSource("badFaults")
    void aBadMailFaultIsRefusedNamingTheField(Map<String, Object> json, String field) {
        assertThatThrownBy(() -> SmtpFault.parse(json)).isInstanceOf(FaultSpecException.class).hasMessageStartingWith(field + ":");
    }

    @Test
    void readsSmsFaultsWithTwiliosUsualCodes() {
        assertThat(SmsFault.parse(Map.of("reply", "429")).reply().code()).isEqualTo(20429);
        assertThat(SmsFault.parse(Map.of("reply", "503", "for", "1m")).reply().status()).isEqualTo(503);
        assertThat(SmsFault.parse(Map.of("reply", "400 21211 Invalid 'To' Phone Number")).reply().code()).isEqualTo(21211);
        assertThat(SmsFault.parse(Map.of("reply", "429", "every", "2")).every()).isEqualTo(2);
        assertThatThrownBy(() -> SmsFault.parse(Map.of("reply", "201"))).hasMessageStartingWith("reply:");
        assertThatThrownBy(() -> SmsFault.parse(Map.of("reply", "429", "stage", "RCPT"))).hasMessageStartingWith("stage:");
    }

    @Test
    void escapesEverythingAClientSentBeforeItReachesAPage() {
        assertThat(SinkViews.escape("<script>alert('x')</script> & \"y\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
    }
}
