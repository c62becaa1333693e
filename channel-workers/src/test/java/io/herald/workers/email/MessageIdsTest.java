package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageIdsTest {

    @Test
    void theSameNotificationGetsTheSameIdWhateverTheDomainAndOthersDiffer() {
        String a = MessageIds.forNotification("n-1", "mail.example");

        assertThat(a).matches("<[0-9a-f-]{36}@mail\\.example>").isEqualTo(MessageIds.forNotification("n-1", "mail.example"));
        assertThat(MessageIds.localPart(a)).isEqualTo(MessageIds.localPart(MessageIds.forNotification("n-1", "other.example")))
                .isNotEqualTo(MessageIds.localPart(MessageIds.forNotification("n-2", "mail.example")));
    }

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(delimiter = '|', value = {"<AbC-1@mail.example>|abc-1", " <abc-1@x> |abc-1", "abc-1|abc-1", "<abc-1>|abc-1"})
    void theLocalPartIsWhatIdentifiesTheNotification(String messageId, String expected) {
        assertThat(MessageIds.localPart(messageId)).isEqualTo(expected);
    }
}
