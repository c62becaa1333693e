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
