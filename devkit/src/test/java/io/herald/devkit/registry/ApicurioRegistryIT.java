package io.herald.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.TopicNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talks to the shared registry the way Herald's client will: Confluent REST API, plain HTTP. */
@WithRegistry
class ApicurioRegistryIT {

    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String V1 = record("{\"name\":\"notificationId\",\"type\":\"string\"}");
    /** Adds an optional field with a default: readers of v2 can still read v1 data. */
    private static final String V2_COMPATIBLE = record("{\"name\":\"notificationId\",\"type\":\"string\"},"
            + "{\"name\":\"tenantId\",\"type\":[\"null\",\"string\"],\"default\":null}");
    /** Adds a required field without default: v1 data cannot be read with it. */
    private static final String V2_INCOMPATIBLE = record("{\"name\":\"notificationId\",\"type\":\"string\"},"
            + "{\"name\":\"attempt\",\"type\":\"int\"}");

    private final HttpClient http = HttpClient.newHttpClient();
    private final SchemaRegistryEndpoint registry;

    ApicurioRegistryIT(SchemaRegistryEndpoint registry) {
        this.registry = registry;
    }

    @Test
    void isSetToBackwardCompatibilityInsteadOfApicuriosDefaultNone() throws Exception {
        HttpResponse<String> config = get(registry.confluentApiUrl() + "/config");

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body().replace(" ", "")).contains("\"compatibilityLevel\":\"BACKWARD\"");
    }

    @Test
    void registersACompatibleEvolutionAndRefusesAnIncompatibleOneWith409() throws Exception {
        String subject = TopicNames.unique("notify.request.v1") + "-value";

        HttpResponse<String> v1 = register(subject, V1);
        HttpResponse<String> v2 = register(subject, V2_COMPATIBLE);
        HttpResponse<String> refused = register(subject, V2_INCOMPATIBLE);

        assertThat(v1.statusCode()).isEqualTo(200);
        assertThat(v1.body()).matches("\\{\"id\":\\d+}");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.body()).matches("\\{\"id\":\\d+}").isNotEqualTo(v1.body());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("\"error_code\":409");
    }

    @Test
    void closeKillsTheProcessAndFreesThePort(@TempDir Path workDir) throws Exception {
        ApicurioRegistry own = ApicurioRegistry.builder().workDir(workDir).build().start();
        String subjects = own.confluentApiUrl() + "/subjects";
        assertThat(get(subjects).statusCode()).isEqualTo(200);

        own.close();

        assertThat(own.isRunning()).isFalse();
        assertThatThrownBy(() -> get(subjects)).isInstanceOf(ConnectException.class);
        assertThat(own.logFile()).content().contains("apicurio-registry-app");
    }

    @Test
    void stoppedAndStartedOnItsDataDirItComesBackOnTheSamePortWithTheSameSchemaIds(@TempDir Path workDir) throws Exception {
        ApicurioRegistry own = ApicurioRegistry.builder().workDir(workDir).dataDir(workDir.resolve("data")).build().start();
        try {
            String subject = TopicNames.unique("notify.outcome.v1") + "-value";
            HttpResponse<String> registered = register(own, subject, V1);
            assertThat(registered.statusCode()).isEqualTo(200);
            String url = own.confluentApiUrl();

            own.stop();
            assertThat(own.isRunning()).isFalse();
            assertThatThrownBy(() -> get(url + "/subjects")).isInstanceOf(ConnectException.class);
            own.start();

            assertThat(own.confluentApiUrl()).isEqualTo(url);
            HttpResponse<String> latest = get(url + "/subjects/" + subject + "/versions/latest");
            assertThat(latest.statusCode()).isEqualTo(200);
            String id = registered.body().replaceAll("\\D", "");
            assertThat(latest.body().replace(" ", "")).contains("\"id\":" + id + ",");
            assertThat(get(url + "/schemas/ids/" + id).statusCode()).isEqualTo(200);
            // Registering the same schema again is recognised, not a new id: the data really is the old one.
            assertThat(register(own, subject, V1).body()).isEqualTo(registered.body());
        } finally {
            own.close();
        }
    }

    @Test
    void aRegistryThatDiesAtStartIsReportedWithItsLog(@TempDir Path tmp) throws IOException {
        Path brokenHome = Files.createDirectories(tmp.resolve("broken"));
        Files.createDirectories(brokenHome.resolve("lib"));
        Files.writeString(brokenHome.resolve("apicurio-registry-app-0-runner.jar"), "not a jar");
        ApicurioRegistry broken = ApicurioRegistry.builder().home(brokenHome).workDir(tmp).build();

        assertThatThrownBy(broken::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("jarfile"); // from the JVM's own output, proving the log tail is attached
        assertThat(broken.isRunning()).isFalse();
    }

    private HttpResponse<String> register(String subject, String schema) throws Exception {
        return register(registry, subject, schema);
    }

    private HttpResponse<String> register(SchemaRegistryEndpoint registry, String subject, String schema) throws Exception {
        String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", CONFLUENT_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"NotificationRequest\",\"namespace\":\"io.herald.test\",\"fields\":["
                + fields + "]}";
    }
}
