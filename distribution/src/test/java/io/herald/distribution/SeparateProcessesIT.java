package io.herald.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.smtp.SmtpReply;
import io.herald.devkit.smtp.SmtpRule;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.distribution.UnpackedDistribution.Result;
import io.herald.runtime.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald deployed as an operator deploys it, from the unpacked tarball only: {@code herald topics apply}, then
 * {@code herald router}, {@code herald workers} and {@code herald ingest} as three separate processes of the
 * distribution's {@code bin/herald}, all from one {@code herald.properties} that names the devkit broker and
 * registry, two SMTP servers and the Twilio stub. Notifications posted to the ingest API arrive at the sinks:
 * mail through the primary provider, mail the primary refuses through the secondary, a critical code by SMS.
 *
 * <p>Herald's topic names are fixed: the shared broker of this JVM is used by this class only.
 */
@WithKafka
@WithRegistry
class SeparateProcessesIT {
    private static final String API_KEY = "dist-it-key-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> SERVICES = List.of("router", "workers", "ingest");

    @TempDir
    static Path dir;
    private static UnpackedDistribution distribution;
    private static ScriptedSmtpServer primary;
    private static ScriptedSmtpServer secondary;
    private static TwilioStub twilio;
    private static Path config;
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, Process> PROCESSES = new LinkedHashMap<>();
    private static Result topics;

    @BeforeAll
    static void deploy(KafkaCluster kafka, SchemaRegistryEndpoint registry) throws Exception {
        distribution = UnpackedDistribution.unpack(Files.createDirectory(dir.resolve("dist")));
        primary = ScriptedSmtpServer.builder().port(0).build().start();
        secondary = ScriptedSmtpServer.builder().port(0).build().start();
        twilio = TwilioStub.builder().port(0).build().start();
        // The primary refuses one mailbox for now (a transient reply): the workers fail that message over at once.
        primary.script(SmtpRule.onRcptTo(SmtpReply.reject(451, "4.3.2 Try again later")).forRecipient("grace@example.com"));
        // Both refuse another mailbox once: the message waits on its first retry tier, then goes out.
        for (ScriptedSmtpServer server : List.of(primary, secondary)) {
            server.script(SmtpRule.onRcptTo(SmtpReply.reject(451, "4.3.2 Try again later")).forRecipient("hedy@example.com").times(1));
        }
        for (String service : SERVICES) PORTS.put(service, freePort());

        config = dir.resolve("herald.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "schema.registry.url=" + registry.confluentApiUrl(),
                "topics.partitions=2",
                "topics.replication-factor=1",
                "email.providers=smtp-primary,smtp-secondary",
                smtp("smtp-primary", primary),
                smtp("smtp-secondary", secondary),
                "sms.providers=twilio",
                "sms.provider.twilio.account-sid=" + twilio.accountSid(),
                "sms.provider.twilio.auth-token=" + twilio.authToken(),
                "sms.provider.twilio.from=+15005550006",
                "sms.provider.twilio.base-url=" + twilio.baseUrl(),
                "router.application-id=herald-router-" + UUID.randomUUID(),
                "router.state-dir=" + dir.resolve("router-state"),
                "router.http.port=" + PORTS.get("router"),
                "workers.http.port=" + PORTS.get("workers"),
                "ingest.http.port=" + PORTS.get("ingest"),
                "ingest.router-url=http://127.0.0.1:" + PORTS.get("router"),
                "ingest.api-keys=acme:acme-main:" + ApiKeys.hashOf(API_KEY),
                // Tags come from the configuration only: no DNS lookups of example.com from a test.
                "destinations.mx-lookup=false",
                ""));

        topics = distribution.herald(dir, "topics", "apply", "--config", config.toString());
        assertThat(topics.exit()).as(topics.output()).isZero();

        // Should this JVM be stopped before @AfterAll (a build timeout), the services go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.values().forEach(Process::destroyForcibly)));
        for (String service : SERVICES) {
            PROCESSES.put(service, distribution.heraldProcess(dir, service, "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(log(service).toFile()).start());
        }
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .failFast("a service process ended", () -> PROCESSES.values().stream().anyMatch(p -> !p.isAlive()))
                    .untilAsserted(() -> {
                        for (String service : SERVICES) {
                            assertThat(get(url(service, "/health/ready"), null).statusCode()).as("%s ready", service).isEqualTo(200);
                        }
                    });
        } catch (Throwable e) {
            throw new AssertionError("the services did not all become ready; their logs:\n" + logs(), e);
        }
    }

    @AfterAll
    static void undeploy() throws Exception {
        // SIGTERM first (the services' shutdown hooks close them), then by force: no process outlives the test.
        PROCESSES.values().forEach(Process::destroy);
        for (Process process : PROCESSES.values()) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (AutoCloseable sink : new AutoCloseable[]{primary, secondary, twilio}) {
            if (sink != null) sink.close();
        }
    }

    @Test
    void topicsApplyCreatesTheLayoutFromTheSharedFile() {
        assertThat(topics.output()).contains("created       notify.request.v1").contains("0 partition mismatches");
    }

    @Test
    void mailIsDeliveredThroughThePrimaryAndWhatThePrimaryRefusesThroughTheSecondary() throws Exception {
        String viaPrimary = post("transactional", "ada@example.com", "[\"email\"]");
        String viaSecondary = post("transactional", "grace@example.com", "[\"email\"]");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(primary.receivedFor("ada@example.com")).as("primary got ada's mail; logs:%n%s", logs()).hasSize(1);
            assertThat(secondary.receivedFor("grace@example.com")).as("secondary got grace's mail").hasSize(1);
        });
        assertThat(primary.receivedFor("grace@example.com")).as("the primary refused grace").isEmpty();
        assertThat(awaitStatus(viaPrimary, "SENT").path("provider").asText()).isEqualTo("smtp-primary");
        assertThat(awaitStatus(viaSecondary, "SENT").path("provider").asText()).isEqualTo("smtp-secondary");
    }

    @Test
    void aDeferredNotificationSaysWhenItsNextAttemptIsAndHowManyAreLeftThenGoesOut() throws Exception {
        String id = post("transactional", "hedy@example.com", "[\"EMAIL\"]");

        // The round's outcomes arrive one by one: the primary's DEFERRED, then the secondary's with the retry's schedule.
        JsonNode deferred = awaitStatus(id, status -> {
            assertThat(status.path("state").asText()).isEqualTo("DEFERRED");
            assertThat(status.path("nextAttemptAt").asText()).isNotBlank();
        });
        // The default transactional tiers, 10s, 1m and 10m, all within the default day of expiry.
        assertThat(deferred.path("attemptsLeft").asInt()).as(deferred.toString()).isEqualTo(3);
        assertThat(deferred.path("timeline").get(0).path("status").asText()).isEqualTo("ACCEPTED");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                primary.receivedFor("hedy@example.com").size() + secondary.receivedFor("hedy@example.com").size()).isEqualTo(1));
        assertThat(awaitStatus(id, "SENT").path("timeline").toString()).contains("DEFERRED");
    }

    @Test
    void aCriticalCodeIsDeliveredBySmsThroughTheTwilioApi() throws Exception {
        String id = post("critical", "linus@example.com", "[\"sms\"]");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(twilio.created())
                .as("SMS at the Twilio stub; logs:%n%s", logs())
                .anySatisfy(sms -> assertThat(sms.body()).contains("Code 123456")));
        assertThat(awaitStatus(id, "SENT").path("provider").asText()).isEqualTo("twilio");
    }

    @Test
    void eachServiceLogsAtInfoWithoutDebugLines() throws Exception {
        // Something has happened in every service by now (the ready checks at least); lines are written as they come.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String service : SERVICES) {
                List<String> lines = Files.readAllLines(log(service), StandardCharsets.UTF_8);
                assertThat(lines).as("%s logs INFO lines", service).anyMatch(line -> line.contains(" INFO  "));
                assertThat(lines).as("%s logs no DEBUG or TRACE line", service)
                        .noneMatch(line -> line.contains(" DEBUG ") || line.contains(" TRACE "));
            }
        });
    }

    @Test
    void everyServiceServesMetricsWithHelpTextsNoNaNAndNoWarningAtTheFirstScrape() throws Exception {
        for (String service : SERVICES) {
            HttpResponse<String> response = get(url(service, "/metrics"), null);
            assertThat(response.statusCode()).as("%s /metrics", service).isEqualTo(200);
            List<String> lines = response.body().lines().toList();
            Map<String, String> help = new LinkedHashMap<>();
            lines.stream().filter(line -> line.startsWith("# HELP ")).map(line -> line.substring("# HELP ".length()))
                    .forEach(line -> help.put(line.split(" ", 2)[0], line.contains(" ") ? line.split(" ", 2)[1].trim() : ""));
            List<String> typed = lines.stream().filter(line -> line.startsWith("# TYPE ")).map(line -> line.split(" ")[2]).toList();

            assertThat(typed).as("%s exposes JVM and Herald meters", service)
                    .contains("jvm_memory_used_bytes").anyMatch(name -> name.startsWith("herald_"));
            assertThat(typed).as("%s: every metric has a HELP text", service).allSatisfy(name -> assertThat(help.get(name))
                    .as("HELP of %s", name).isNotBlank());
            assertThat(lines).as("%s: no NaN sample", service).noneMatch(line -> !line.startsWith("#") && line.endsWith(" NaN"));
        }
        for (String service : SERVICES) {
            assertThat(Files.readAllLines(log(service), StandardCharsets.UTF_8)).as("%s logs no metrics WARN", service)
                    .noneMatch(line -> line.contains(" WARN ") && line.toLowerCase(java.util.Locale.ROOT).matches(".*(meter|metric|prometheus).*"));
        }
    }

    private static String smtp(String id, ScriptedSmtpServer server) {
        String prefix = "email.provider." + id + ".";
        return String.join("\n", prefix + "host=127.0.0.1", prefix + "port=" + server.port(), prefix + "security=none",
                prefix + "from=alerts@example.com");
    }

    /** Posts one notification to the ingest API as a producer would; the accepted id. */
    private static String post(String priority, String email, String channels) throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"priority\":\"" + priority + "\",\"category\":\"otp\",\"recipient\":{\"id\":\"u-" + key
                + "\",\"email\":\"" + email + "\",\"phone\":\"+14155550100\"},\"channels\":" + channels
                + ",\"content\":{\"subject\":\"Your code\",\"text\":\"Your code is 123456\",\"sms\":\"Code 123456\"}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("ingest", "/v1/notifications")))
                        .header("Authorization", "Bearer " + API_KEY).header("Idempotency-Key", key)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The status document once its state is {@code state} (the ingest API reads it from the router). */
    private static JsonNode awaitStatus(String id, String state) {
        return awaitStatus(id, status -> assertThat(status.path("state").asText()).isEqualTo(state));
    }

    /** The status document once it satisfies {@code requirements}; on timeout the last one read is in the message. */
    private static JsonNode awaitStatus(String id, java.util.function.Consumer<JsonNode> requirements) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> response = get(url("ingest", "/v1/notifications/" + id), API_KEY);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last[0] = JSON.readTree(response.body());
            try {
                requirements.accept(last[0]);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nstatus: " + response.body(), e);
            }
        });
        return last[0];
    }

    private static HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (key != null) request.header("Authorization", "Bearer " + key);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String service, String path) {
        return "http://127.0.0.1:" + PORTS.get(service) + path;
    }

    private static Path log(String service) {
        return dir.resolve(service + ".log");
    }

    /** Each service's state and the last lines of its log, for failure messages. */
    private static String logs() {
        List<String> out = new ArrayList<>();
        for (String service : SERVICES) {
            try {
                List<String> lines = Files.readAllLines(log(service), StandardCharsets.UTF_8);
                Process process = PROCESSES.get(service);
                out.add("--- " + service + (process == null ? " (not started)" : process.isAlive() ? " (running)"
                        : " (ended with exit code " + process.exitValue() + ")") + " ---");
                out.addAll(lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.stream().collect(Collectors.joining("\n"));
    }

    /** A port free right now; the services bind it moments later (the usual ephemeral-port race, accepted). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
