package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.workers.email.MessageIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/** What the local-stack tests do as a producer would: post over HTTP, read status, look at the sinks. */
final class StackClient {
    static final String API_KEY = "herald-local-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalStack stack;

    StackClient(LocalStack stack) {
        this.stack = stack;
    }

    /** Posts a code (critical/transactional) or a newsletter (bulk) and returns the accepted id. */
    String post(String priority, String idempotencyKey, String email, String channelsJson) throws Exception {
        String category = priority.equals("bulk") ? "newsletter" : "otp";
        String body = "{\"priority\":\"" + priority + "\",\"category\":\"" + category + "\",\"recipient\":{\"id\":\"u-"
                + idempotencyKey + "\",\"email\":\"" + email + "\",\"phone\":\"+14155550100\"},\"channels\":" + channelsJson
                + ",\"content\":{\"subject\":\"Your code\",\"text\":\"Your code is 123456\",\"sms\":\"Code 123456\"}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().url() + "/v1/notifications"))
                .header("Authorization", "Bearer " + API_KEY).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** Publishes an operator command on the control topic, as an operator's tooling would. */
    void control(io.herald.contracts.ControlType type, String target, io.herald.contracts.Channel channel,
                 io.herald.contracts.Priority lane) throws Exception {
        var topics = io.herald.schemas.topics.Topics.create(io.herald.schemas.registry.SchemaRegistryClients.forConfig(
                io.herald.schemas.registry.RegistryConfig.of(stack.registry().confluentApiUrl())));
        var command = io.herald.contracts.ControlCommand.newBuilder().setCommandId(java.util.UUID.randomUUID().toString())
                .setType(type).setTarget(target).setChannel(channel).setLane(lane).setIssuedBy("oncall@local")
                .setReason("test").setAt(java.time.Instant.now()).build();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", stack.kafka().bootstrapServers()),
                topics.control().keySerde().serializer(), topics.control().valueSerde().serializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.control().name(), target, command)).get();
        }
    }

    /** Replaces a recipient's preferences; returns the HTTP status. */
    int putPreferences(String recipientId, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.ingest().url() + "/v1/recipients/" + recipientId + "/preferences"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** The status document of a notification, or null while the router does not know it yet. */
    JsonNode status(String id) throws Exception {
        HttpResponse<String> response = get(stack.ingest().url() + "/v1/notifications/" + id, API_KEY);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /** Waits for the status timeline to reach one of {@code states}; on timeout says what it last saw. */
    JsonNode awaitState(String id, Set<String> states, Duration patience) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
                HttpResponse<String> response = get(stack.ingest().url() + "/v1/notifications/" + id, API_KEY);
                last[0] = JSON.readTree("{\"http\":" + response.statusCode() + ",\"body\":"
                        + JSON.writeValueAsString(response.body()) + "}");
                if (response.statusCode() != 200) return false;
                last[0] = JSON.readTree(response.body());
                return states.contains(last[0].path("state").asText());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("notification " + id + " never reached " + states + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (key != null) request.header("Authorization", "Bearer " + key);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Mails both SMTP sinks received for a notification, recognised by its deterministic Message-ID. */
    long mailsFor(String notificationId) {
        return Stream.concat(stack.smtp().received().stream(), stack.smtpSecondary().received().stream())
                .filter(m -> isFor(m, notificationId)).count();
    }

    /** How many of {@code ids} reached a mail sink. */
    long delivered(List<String> ids) {
        return ids.stream().filter(id -> mailsFor(id) > 0).count();
    }

    static boolean receivedFor(List<ReceivedMail> mails, String notificationId) {
        return mails.stream().anyMatch(m -> isFor(m, notificationId));
    }

    private static boolean isFor(ReceivedMail mail, String notificationId) {
        String uuid = MessageIds.forNotification(notificationId, "x").replaceAll("^<|@x>$", "");
        return mail.messageId().map(mid -> mid.contains(uuid)).orElse(false);
    }
}
