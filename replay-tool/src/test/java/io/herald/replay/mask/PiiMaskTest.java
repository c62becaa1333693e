package io.herald.replay.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiMaskTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"ada@example.com, a***@example.com", "x@y.org, x***@y.org", "no-at-sign, ***", "@example.com, ***"})
    void masksEmailsKeepingTheFirstLetterAndTheDomain(String email, String masked) {
        assertThat(PiiMask.email(email)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"+14155550100, +1415***0100", "+447700900123, +4477***0123", "12345, ***"})
    void masksPhonesKeepingThePrefixAndTheLastFourDigits(String phone, String masked) {
        assertThat(PiiMask.phone(phone)).isEqualTo(masked);
    }

    @Test
    void masksWebhookUrlsToTheirHost() {
        assertThat(PiiMask.url("https://hooks.example.com/t/secret-token?x=1")).isEqualTo("https://hooks.example.com/***");
        assertThat(PiiMask.url("not a url")).isEqualTo("***");
    }

    @Test
    void masksEveryAddressOfARecipient() {
        Recipient recipient = Recipient.newBuilder().setRecipientId("u-1").setEmail("ada@example.com")
                .setPhone("+14155550100").build();
        assertThat(PiiMask.recipient(recipient)).isEqualTo("u-1 a***@example.com +1415***0100")
                .doesNotContain("ada@", "5550100");
    }
}
