package io.herald.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pointers to members: the shortcut for plain names gives exactly the general escaping's answer. */
class ErrorsTest {
    /** The general definition: cut to 64 characters, control characters as '?', then RFC 6901 escapes. */
    private static String general(String pointer, String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        StringBuilder safe = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> safe.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return pointer + "/" + safe.toString().replace("~", "~0").replace("/", "~1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"priority", "", "a/b~c", "~", "/", "tab\there", "nul\u0000", "del\u007f", "c1\u0085",
            "é ü", "emoji😀", "lone\ud800", "low\udc00x", "line\u2028sep",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz😀"})
    void escapesAMemberNameExactlyAsTheGeneralDefinition(String name) {
        assertThat(Errors.child("/recipient", name)).isEqualTo(general("/recipient", name));
        assertThat(Errors.child("", name)).isEqualTo(general("", name));
    }
}
