package io.herald.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.problem.ProblemException;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.support.HostileBodies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain-ASCII bodies are parsed from their bytes; the answer is always the one of decoding them to text first. */
class JsonBodyTest {
    /** The parsed tree, or the problem's detail when the body is refused. */
    private static String outcome(java.util.function.Supplier<com.fasterxml.jackson.databind.JsonNode> parse) {
        try {
            return "tree " + parse.get();
        } catch (ProblemException e) {
            return "problem " + e.problem().status() + " " + e.problem().detail();
        }
    }

    private static void assertSameAsText(byte[] body) {
        assertThat(outcome(() -> JsonBody.parse(body))).isEqualTo(outcome(() -> JsonBody.parseAsText(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1}",
            "  {\"a\" : [1, 2.5, -0, 1e3, 123456789012345678901234567890, true, false, null, \"x\\u00e9\\n\"]}  ",
            "{\"a\":1,\"a\":2}",
            "{\"a\":1} {\"b\":2}",
            "{\"a\":1,}",
            "{\"a\":\n  [1,\n   2,,]}",
            "{\"a\":\"tab\tinside\"}",
            "{\"a\":\"\u0001\"}",
            "{\"a\":01}",
            "{\"a\":1234567890123456789012345678901234567890123456789012345678901234567890}",
            "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
            "\"just a string\"",
            "nul",
            "",
            "   ",
            "{\"priority\":"})
    void parsesAsciiBodiesExactlyAsTheirDecodedText(String body) {
        assertSameAsText(body.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void parsesAThousandGeneratedBodiesExactlyAsTheirDecodedText() {
        HostileBodies bodies = new HostileBodies(29, "2026-12-01T00:00:00Z");
        int ascii = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] body = bodies.next().body();
            if (JsonBody.plainAscii(body)) ascii++;
            assertSameAsText(body);
        }
        assertThat(ascii).as("bodies that took the direct path").isGreaterThan(80);
    }

    @Test
    void takesTheDirectPathOnlyForAsciiWithoutNul() {
        assertThat(JsonBody.plainAscii(Bodies.otp().getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(JsonBody.plainAscii(new byte[0])).isTrue();
        assertThat(JsonBody.plainAscii("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(JsonBody.plainAscii(new byte[] {'{', 0, '}'})).isFalse();
        assertThat(JsonBody.plainAscii(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'})).isFalse();
    }

    @Test
    void stillRefusesUtf16AndInvalidUtf8() {
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16BE);
        byte[] overlong = {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', ':', '1', '}'};

        assertThat(outcome(() -> JsonBody.parse(utf16))).startsWith("problem 400");
        assertThat(outcome(() -> JsonBody.parse(overlong))).isEqualTo("problem 400 the body is not valid UTF-8");
    }
}
