package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;

class StreamProviderPinTest {
    @Test
    void unsetTheAngusImplementationIsNamedAndAnOperatorsChoiceIsKept() {
        assertThat(StreamProviderPin.valueFor(null)).isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
        assertThat(StreamProviderPin.valueFor(" ")).isEqualTo(StreamProviderPin.ANGUS);
        assertThat(StreamProviderPin.valueFor("com.example.Mine")).isEqualTo("com.example.Mine");
    }

    @Test
    void oncePinnedJakartaMailFindsItsStreamProviderByName() throws Exception {
        Class.forName(SmtpProvider.class.getName()); // its static initialiser pins the property
        assertThat(System.getProperty(StreamProviderPin.PROPERTY)).isEqualTo(StreamProviderPin.ANGUS);
        assertThat(StreamProvider.provider().getClass().getName())
                .as("the named class exists in the Angus Mail we ship, or Jakarta Mail would fail every send")
                .isEqualTo(StreamProviderPin.ANGUS);
    }
}
