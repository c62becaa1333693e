package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The accepted answer built by hand is byte for byte what Jackson writes for the same tree. */
class ResponsesTest {
    @ParameterizedTest
    @ValueSource(strings = {"0b9c2f4e-8a51-4c3e-9d7a-2f1e6b5c4d3a", "ABC-def-123", "", "needs \"escaping\"", "slash/and\\back",
            "é", "tab\there", "\u0001"})
    void writesTheAcceptedBodyExactlyAsJackson(String id) throws JsonProcessingException {
        byte[] jackson = Responses.MAPPER.writeValueAsBytes(Responses.object().put("id", id).put("status", "ACCEPTED"));

        assertThat(Responses.acceptedBody(id)).isEqualTo(jackson);
    }
}
