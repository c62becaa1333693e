package io.herald.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.ingest.problem.ProblemException;
import io.herald.ingest.support.HostileBodies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streamed fingerprint is byte for byte the original definition: records of both versions meet in the router's dedup. */
class FingerprintTest {
    private static JsonNode json(String text) {
        return JsonBody.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"b\":1,\"a\":{\"z\":[3,{\"y\":null,\"x\":true}],\"c\":\"d\"}}",
            "{\"n\":[1.0,1e3,-0,0.1,123456789012345678901234567890,-7,2.5E-8]}",
            "{\"é\":\"ü\\u2028\\n\\\"\",\"E\":\"\\u0000\",\"e\":\"😀\",\"\":\"empty name\"}",
            "{\"attributes\":{\"traceparent\":\"00-abc-01\",\"Zed\":\"z\",\"alpha\":\"a\"},\"channels\":[\"sms\",\"email\"]}",
            "[{\"b\":1,\"a\":2}]",
            "\"just a string\""})
    void isTheOriginalDefinitionOfTheCanonicalBody(String body) {
        assertThat(Fingerprint.of(json(body))).isEqualTo(Fingerprint.ofPlainMaps(json(body)));
    }

    @Test
    void isTheOriginalDefinitionForAThousandGeneratedBodies() {
        HostileBodies bodies = new HostileBodies(13, "2026-12-01T00:00:00Z");
        int compared = 0;
        for (int i = 0; i < 1000; i++) {
            JsonNode node;
            try {
                node = JsonBody.parse(bodies.next().body());
            } catch (ProblemException notJson) {
                continue;
            }
            assertThat(Fingerprint.of(node)).isEqualTo(Fingerprint.ofPlainMaps(node));
            compared++;
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void ignoresMemberOrderAndWhitespaceButNotValues() {
        assertThat(Fingerprint.of(json("{\"a\":1, \"b\":[1,2]}"))).isEqualTo(Fingerprint.of(json("{ \"b\" : [1,2] ,\"a\":1}")))
                .isNotEqualTo(Fingerprint.of(json("{\"a\":1,\"b\":[2,1]}")))
                .isEqualTo(Fingerprint.sha256("{\"a\":1,\"b\":[1,2]}"));
    }
}
