package io.herald.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.ingest.problem.InvalidParam;
import io.herald.ingest.problem.Problem;
import io.javalin.http.Context;

/** Writes JSON and problem+json answers; one mapper, no reflection on response types. */
public final class Responses {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {
    }

    public static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response bodies are plain trees", e);
        }
    }

    /**
     * The body of a 202 or a replayed 200, {@code {"id":"…","status":"ACCEPTED"}}: the bytes Jackson writes for that
     * tree, built directly when the id needs no escaping (a notification id is a UUID), since it is every accepted
     * request's answer.
     */
    static byte[] acceptedBody(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
                try {
                    return MAPPER.writeValueAsBytes(object().put("id", id).put("status", "ACCEPTED"));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("response bodies are plain trees", e);
                }
            }
        }
        return ("{\"id\":\"" + id + "\",\"status\":\"ACCEPTED\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void accepted(Context ctx, int status, String id) {
        ctx.status(status).contentType("application/json").result(acceptedBody(id));
    }

    public static void problem(Context ctx, Problem problem) {
        if (problem.retryAfterSeconds() != null) ctx.header("Retry-After", Long.toString(problem.retryAfterSeconds()));
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(problemJson(problem).toString());
    }

    public static ObjectNode problemJson(Problem problem) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status());
        if (problem.detail() != null) body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (InvalidParam p : problem.errors()) {
                ObjectNode e = errors.addObject();
                if (p.pointer() != null) e.put("pointer", p.pointer());
                if (p.header() != null) e.put("header", p.header());
                e.put("reason", p.reason());
            }
        }
        return body;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
