package io.herald.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API over {@link HttpClient}. Works unchanged against
 * Confluent, Karapace, Redpanda and Apicurio's {@code /apis/ccompat/v7}.
 *
 * <p>Ids and schemas are immutable once assigned, so both directions are cached forever. Calls that
 * fail with a 5xx or a connection error are retried a bounded number of times with exponential
 * backoff; 4xx answers are final and surface as {@link RegistryException} with the registry's
 * {@code error_code}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(RegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(cacheKey(subject, schema), k -> {
            JsonNode body = call(subject, "POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = requiredInt(body, "id", subject);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(cacheKey(subject, schema), k -> {
            JsonNode body = call(subject, "POST", "/subjects/" + encode(subject), schemaBody(schema));
            int id = requiredInt(body, "id", subject);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, k -> {
            String subject = "id:" + id;
            JsonNode body = call(subject, "GET", "/schemas/ids/" + id, null);
            return parse(subject, body);
        });
    }

    @Override
    public SchemaVersion latest(String subject) {
        JsonNode body = call(subject, "GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        Schema schema = parse(subject, body);
        int id = requiredInt(body, "id", subject);
        schemasById.putIfAbsent(id, schema);
        return new SchemaVersion(subject, id, requiredInt(body, "version", subject), schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode body = call(subject, "POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                schemaBody(schema));
        JsonNode flag = body.get("is_compatible");
        if (flag == null || !flag.isBoolean()) {
            throw new RegistryException(subject, 200, 0, "compatibility answer has no is_compatible flag", null);
        }
        return flag.booleanValue();
    }

    /** Sets the registry-wide compatibility level (e.g. BACKWARD); used by tooling and the devkit. */
    public void setGlobalCompatibility(String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("(global config)", "PUT", "/config", body.toString());
    }

    private JsonNode call(String subject, String method, String path, String body) {
        URI uri = URI.create(config.url() + path);
        RegistryException last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) backoff(attempt);
            HttpResponse<String> response;
            try {
                response = http.send(request(uri, method, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // Connection refused or reset: the registry may be restarting; worth another try.
                last = new RegistryException(subject, 0, 0, "cannot reach " + uri.getHost() + ":" + uri.getPort()
                        + " (" + e + ")", e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(subject, 0, 0, "interrupted calling " + path, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) return readJson(subject, response.body());
            RegistryException error = errorFrom(subject, status, response.body());
            // 4xx is the registry's final word (not found, incompatible, unauthorized); only 5xx may pass.
            if (status < 500) throw error;
            last = error;
        }
        LOG.warn("schema registry call {} {} failed after {} retries: {}", method, path, config.maxRetries(),
                last.getMessage());
        throw last;
    }

    private HttpRequest request(URI uri, String method, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) builder.header("Authorization", authorization);
        if (body == null) return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private static RegistryException errorFrom(String subject, int status, String body) {
        int code = 0;
        String message = "HTTP " + status;
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.has("error_code")) code = json.get("error_code").asInt();
            if (json != null && json.has("message")) message = json.get("message").asText();
        } catch (IOException | RuntimeException e) {
            // Not JSON (a proxy's HTML page): keep the status as the message.
        }
        return new RegistryException(subject, status, code, message, null);
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(2_000L, 100L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO").toString();
    }

    private static Schema parse(String subject, JsonNode body) {
        JsonNode text = body.get("schema");
        if (text == null) throw new RegistryException(subject, 200, 0, "answer has no schema", null);
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            throw new RegistryException(subject, 200, 0, "registry returned an unparsable Avro schema: " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(String subject, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(subject, 200, 0, "answer is not JSON", e);
        }
    }

    private static int requiredInt(JsonNode body, String field, String subject) {
        JsonNode node = body.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new RegistryException(subject, 200, 0, "answer has no '" + field + "'", null);
        }
        return node.intValue();
    }

    private static String cacheKey(String subject, Schema schema) {
        return subject + '\u0000' + schema.toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
