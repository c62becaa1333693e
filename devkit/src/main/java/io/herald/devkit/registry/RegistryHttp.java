package io.herald.devkit.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Confluent-API calls the launcher itself needs. Plain JDK HTTP and a regular expression
 * instead of a JSON library: two fixed, tiny documents do not justify a dependency here.
 */
final class RegistryHttp {

    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
    /** What Confluent's own client sends; some registries answer 406 to a bare vendor type. */
    private static final String ACCEPT = CONFLUENT_JSON + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern COMPATIBILITY_LEVEL = Pattern.compile("\"compatibilityLevel\"\\s*:\\s*\"([A-Z_]+)\"");

    private RegistryHttp() {
    }

    /** True if a GET answers 200; false on any other status or while nothing listens yet. */
    static boolean answersOk(HttpClient http, URI uri) {
        try {
            return send(http, HttpRequest.newBuilder(uri).GET()).statusCode() == 200;
        } catch (IOException e) {
            return false; // connection refused or reset while the server is still booting
        }
    }

    /**
     * Sets the registry-wide compatibility level and reads it back, failing if the registry did not
     * take it: a silently ignored setting would let incompatible schemas through unnoticed.
     */
    static void setGlobalCompatibility(HttpClient http, URI confluentApi, String level) {
        URI config = URI.create(confluentApi + "/config");
        try {
            HttpResponse<String> put = send(http, HttpRequest.newBuilder(config)
                    .header("Content-Type", CONFLUENT_JSON)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}")));
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT " + config + " answered " + put.statusCode() + ": " + put.body());
            }
            HttpResponse<String> get = send(http, HttpRequest.newBuilder(config).GET());
            Matcher matcher = COMPATIBILITY_LEVEL.matcher(get.body());
            if (get.statusCode() != 200 || !matcher.find() || !matcher.group(1).equals(level)) {
                throw new IllegalStateException("compatibility is not " + level + " after setting it; GET "
                        + config + " answered " + get.statusCode() + ": " + get.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot set compatibility through " + config, e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).header("Accept", ACCEPT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
