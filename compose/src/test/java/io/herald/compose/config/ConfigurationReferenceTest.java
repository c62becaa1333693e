package io.herald.compose.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationReferenceTest {
    /** Surefire runs in the module directory. */
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theCommittedReferenceIsGeneratedFromTheCurrentKeyDefinitions() throws IOException {
        String expected = ConfigurationReference.markdown();
        if (Boolean.getBoolean("herald.docs.write")) Files.writeString(DOC, expected);
        assertThat(DOC).as("docs/configuration.md is missing: run " + ConfigurationReference.REGENERATE).exists();
        assertThat(Files.readString(DOC))
                .as("docs/configuration.md is stale: regenerate it with `" + ConfigurationReference.REGENERATE
                        + "` (or run this test with -Dherald.docs.write=true)")
                .isEqualTo(expected);
    }
}
