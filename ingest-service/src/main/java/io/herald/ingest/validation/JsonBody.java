package io.herald.ingest.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.herald.ingest.problem.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns raw request bytes into a JSON tree, or a 400 problem. Strict on purpose: the bytes must be
 * well-formed UTF-8 (the JDK decoder also rejects overlong forms and encoded surrogates, which
 * Jackson alone lets through), duplicate keys and trailing tokens are errors, and nesting, string
 * and number sizes are bounded so a hostile body costs little to refuse.
 */
public final class JsonBody {
    /** Deeper than any valid request; stops stack-hungry bodies early. */
    public static final int MAX_DEPTH = 16;
    private static final ObjectMapper MAPPER = strictMapper();

    private JsonBody() {
    }

    /** Parses {@code body}; throws a {@link io.herald.ingest.problem.ProblemException} (400) when it is not JSON. */
    public static JsonNode parse(byte[] body) {
        if (!plainAscii(body)) return parseAsText(body);
        return parseChecked(() -> MAPPER.readTree(body));
    }

    /** The general path alone (decode to text, then parse): what {@link #parse} must always agree with. */
    static JsonNode parseAsText(byte[] body) {
        String text = decodeUtf8(body);
        return parseChecked(() -> MAPPER.readTree(text));
    }

    /**
     * True when every byte is ASCII other than NUL. Such bytes are valid UTF-8 that decodes one byte to one char, so
     * parsing them directly is parsing their text, with the same errors at the same columns, without the decoded
     * copy. NUL is left to the general path: Jackson's byte parser takes NULs among the first bytes as a sign of
     * UTF-16 or UTF-32, which this API does not accept.
     */
    static boolean plainAscii(byte[] body) {
        for (byte b : body) {
            if (b <= 0) return false;
        }
        return true;
    }

    private interface TreeReader {
        JsonNode read() throws IOException;
    }

    private static JsonNode parseChecked(TreeReader reader) {
        try {
            JsonNode node = reader.read();
            if (node == null || node.isMissingNode()) throw Problems.malformed("the body is empty").toException();
            return node;
        } catch (JsonProcessingException e) {
            // The parser's message can quote the body; say only where it broke.
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw Problems.malformed("the body is not valid JSON" + where).toException();
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes in memory", e);
        }
    }

    /** The shared strict mapper, also used to write canonical JSON for fingerprints. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw Problems.malformed("the body is not valid UTF-8").toException();
        }
    }

    private static ObjectMapper strictMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(64)
                        .maxStringLength(1 << 20)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

}
