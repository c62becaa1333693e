package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.devkit.script.ScriptHandle;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.SmtpReply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, minus the shell: the whole pipeline in one JVM — ingest → router →
 * workers → local SMTP/SMS sinks — including the outage the project exists for: mail providers
 * deferring with {@code 451 4.3.2}.
 */
class LocalPipelineIT {
    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() {
        // Short retry tiers keep the exhausted-channel path within the test's patience.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of("HERALD_RETRY_TIERS", "1s")).start();
        client = new StackClient(stack);
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready()
                && stack.workers().ready());
    }

    @AfterAll
    static void stop() {
        if (stack == null) return;
        stack.close();
        assertThat(stack.kafka().isRunning()).isFalse();
        assertThat(stack.registry().isRunning()).isFalse();
        assertThat(stack.smtp().isRunning()).isFalse();
        assertThat(stack.twilio().isRunning()).isFalse();
    }

    @Test
    void provisionsEveryTopicAndPrintsWhereToLook() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains("notify.request.v1", "notify.dispatch.email.critical.v1",
                    "notify.parked.sms.v1", "notify.provider-health.v1", "notify.dlq.v1");
        }
        HttpResponse<String> config = client.get(stack.registry().confluentApiUrl() + "/config", null);
        assertThat(config.body()).contains("BACKWARD");
        assertThat(stack.summary()).contains(stack.ingest().url()).contains(stack.kafka().bootstrapServers()).contains("curl")
                .contains(stack.sinks().url() + "/sinks/mail");
    }

    @Test
    void everyServiceExposesJvmAndKafkaMetricsWithHelpTextsAndNoNaNWithoutWarning() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        Map<String, String> scrapes;
        try {
            scrapes = Map.of(
                    "router", client.get("http://127.0.0.1:" + stack.router().httpPort() + "/metrics", null).body(),
                    "workers", client.get("http://127.0.0.1:" + stack.workers().httpPort() + "/metrics", null).body(),
                    "ingest", client.get(stack.ingest().url() + "/metrics", null).body());
        } finally {
            root.detachAppender(logged);
        }

        scrapes.forEach((service, metrics) -> {
            assertThat(metrics).as(service).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "jvm_gc_", "process_uptime_seconds", "kafka_consumer_", "kafka_producer_");
            assertThat(metrics.lines().filter(line -> !line.startsWith("#") && line.endsWith(" NaN"))).as(service).isEmpty();
            metrics.lines().filter(line -> line.startsWith("# TYPE herald_")).map(line -> line.split(" ")[2]).forEach(name ->
                    assertThat(metrics).as("%s: HELP text of %s", service, name).containsPattern("# HELP " + name + " \\S"));
        });
        assertThat(scrapes.get("router")).contains("kafka_stream_");
        assertThat(scrapes.get("workers")).contains("herald_worker_", "herald_replay_auto_");
        assertThat(scrapes.get("ingest")).contains("herald_ingest_");
        assertThat(logged.list).as("log lines at the first scrape")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    }

    @Test
    void aWebhookToTheLocalReceiverIsDeliveredSignedAndViewable() throws Exception {
        String hook = stack.webhooks().hookUrl("demo");
        String body = "{\"priority\":\"transactional\",\"category\":\"receipt\",\"recipient\":{\"id\":\"u-hook\",\"webhookUrl\":\""
                + hook + "\"},\"channels\":[\"webhook\"],\"content\":{\"subject\":\"Receipt\",\"text\":\"Paid <b>42</b> EUR\"}}";
        java.net.http.HttpResponse<String> accepted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(stack.ingest().url() + "/v1/notifications"))
                .header("Authorization", "Bearer " + StackClient.API_KEY).header("Idempotency-Key", "hook-1")
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted.body()).get("id").asText();

        JsonNode status = sent(id);
        assertThat(status.get("channel").asText()).isEqualTo("WEBHOOK");
        io.herald.devkit.webhook.ReceivedWebhook received = stack.webhooks().received().stream()
                .filter(r -> r.header("Herald-Event-Id").orElse("").equals(id)).findFirst().orElseThrow();
        assertThat(received.path()).isEqualTo("/hooks/demo");
        assertThat(received.bodyText()).contains(id).contains("Paid <b>42</b> EUR");
        assertThat(new io.herald.workers.webhook.WebhookSigner("herald-local-webhook-secret").verify(
                received.header("Herald-Signature").orElseThrow(), received.body(), java.time.Instant.now(), 300)).isTrue();
        String page = client.get(stack.webhooks().viewerUrl() + "/" + received.number(), null).body();
        assertThat(page).contains(id).contains("Paid &lt;b&gt;42&lt;/b&gt; EUR");
        assertThat(stack.summary()).contains(stack.webhooks().viewerUrl()).contains("/hooks/");
    }

    @Test
    void aCriticalCodePostedOverHttpArrivesAtTheMailSinkAndItsTimelineEndsSent() throws Exception {
        String id = client.post("critical", "pipeline-1", "ada@example.com", "[\"email\"]");

        JsonNode status = sent(id);
        // The other tests' scripted 451 4.3.2 deferrals are outage evidence and may have left the primary DEGRADED, which
        // routes after a HEALTHY secondary: the mail arrives at the sink of the provider the timeline names.
        String provider = status.get("provider").asText();
        assertThat(provider).isIn("smtp-primary", "smtp-secondary");
        var sink = provider.equals("smtp-primary") ? stack.smtp() : stack.smtpSecondary();
        await().atMost(Duration.ofSeconds(60)).until(() -> StackClient.receivedFor(sink.received(), id));
        assertThat(status.get("terminal").asBoolean()).isTrue();
    }

    @Test
    void whileThePrimaryDefersWith451TheSameMessageGoesOutThroughTheSecondary() throws Exception {
        try (ScriptHandle<SmtpReply> outage = stack.smtp().script(Replies.deferAll451().forRecipient("grace@example.com"))) {
            String id = client.post("critical", "pipeline-2", "grace@example.com", "[\"email\"]");

            await().atMost(Duration.ofSeconds(60)).until(() -> StackClient.receivedFor(stack.smtpSecondary().received(), id));
            JsonNode status = sent(id);
            assertThat(status.get("provider").asText()).isEqualTo("smtp-secondary");
            assertThat(outage.hits()).isPositive();
            assertThat(StackClient.receivedFor(stack.smtp().received(), id)).isFalse();
        }
    }

    @Test
    void aReceiptToARecipientInQuietHoursIsDeferredAndNotDelivered() throws Exception {
        // A quiet window around the current UTC time, so the test does not depend on the hour it runs at.
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        java.time.format.DateTimeFormatter hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        String window = "{\"start\":\"" + now.minusHours(1).format(hhmm) + "\",\"end\":\"" + now.plusHours(2).format(hhmm)
                + "\",\"timezone\":\"UTC\"}";
        // The router learns preferences asynchronously: a receipt posted before it knows them goes out, which is
        // right; keep posting (each to its own recipient with the same window) until one is deferred.
        java.util.List<String> posted = new java.util.ArrayList<>();
        String[] deferred = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : posted) {
                JsonNode status = client.status(id);
                if (status != null && "DEFERRED".equals(status.path("state").asText())) {
                    deferred[0] = id;
                    return true;
                }
            }
            String key = "quiet-" + (posted.size() + 1);
            assertThat(client.putPreferences("u-" + key, "{\"quietHours\":" + window + ",\"consent\":{\"source\":\"api\"}}"))
                    .isEqualTo(202);
            posted.add(client.post("transactional", key, "quiet@example.com", "[\"email\"]"));
            return false;
        });

        JsonNode status = client.status(deferred[0]);
        assertThat(status.get("terminal").asBoolean()).isFalse();
        assertThat(status.get("timeline").toString()).contains("quiet hours until");
        // Deferred means nothing reaches a sink while the window lasts.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> client.mailsFor(deferred[0]) == 0
                && "DEFERRED".equals(client.status(deferred[0]).path("state").asText()));
    }

    @Test
    void bulkMailParkedWhileItsLaneIsPausedGoesOutOnceTheOperatorResumesIt() throws Exception {
        String lane = "lane:email:bulk";
        client.control(io.herald.contracts.ControlType.PAUSE_LANE, lane, io.herald.contracts.Channel.EMAIL,
                io.herald.contracts.Priority.BULK);
        // The router learns the pause asynchronously: newsletters posted before it does go out, which is right.
        java.util.List<String> posted = new java.util.ArrayList<>();
        String[] paused = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : posted) {
                JsonNode status = client.status(id);
                if (status != null && "PARKED".equals(status.path("state").asText())) {
                    paused[0] = id;
                    return true;
                }
            }
            posted.add(client.post("bulk", "paused-" + (posted.size() + 1), "reader@example.com", "[\"email\"]"));
            return false;
        });
        assertThat(client.status(paused[0]).get("timeline").toString()).contains("paused");
        assertThat(client.mailsFor(paused[0])).isZero();

        client.control(io.herald.contracts.ControlType.RESUME_LANE, lane, io.herald.contracts.Channel.EMAIL,
                io.herald.contracts.Priority.BULK);
        JsonNode status = client.awaitState(paused[0], Set.of("SENT"), Duration.ofSeconds(60));
        assertThat(status.get("timeline").toString()).contains("REPLAYED");
        assertThat(client.mailsFor(paused[0])).isEqualTo(1);
    }

    @Test
    void whenEveryMailProviderDefersACriticalCodeFailsOverToSms() throws Exception {
        try (ScriptHandle<SmtpReply> primary = stack.smtp().script(Replies.deferAll451().forRecipient("linus@example.com"));
             ScriptHandle<SmtpReply> secondary = stack.smtpSecondary().script(Replies.deferAll451().forRecipient("linus@example.com"))) {
            String id = client.post("critical", "pipeline-3", "linus@example.com", "[\"email\",\"sms\"]");

            JsonNode status = sent(id);
            assertThat(status.get("channel").asText()).isEqualTo("SMS");
            assertThat(status.get("timeline").toString()).contains("CHANNEL_EXHAUSTED").contains("FAILED_OVER");
            assertThat(stack.twilio().created()).anyMatch(sms -> sms.body().contains("123456"));
            assertThat(primary.hits()).isPositive();
            assertThat(secondary.hits()).isPositive();
        }
    }

    private static JsonNode sent(String id) {
        return client.awaitState(id, Set.of("SENT"), Duration.ofSeconds(90));
    }
}
