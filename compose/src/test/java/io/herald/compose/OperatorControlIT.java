package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.compose.cli.Herald;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.workers.email.MessageIds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code herald control …} against the local stack, as an operator types it: pausing and resuming a lane, forcing
 * and clearing a provider's state, and changing the pace of a running release.
 */
class OperatorControlIT {
    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() {
        // Releases of paused traffic at one message a second, so a pace change is visible in the sink's timestamps.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of(
                "HERALD_AUTO_REPLAY_WAVES", "100%/1s",
                "HERALD_AUTO_REPLAY_MAX_RATE", "1/s",
                "HERALD_AUTO_REPLAY_RESUME_SETTLE", "2s")).start();
        client = new StackClient(stack);
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready()
                && stack.workers().ready());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static String herald(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--bootstrap", stack.kafka().bootstrapServers(), "--registry", stack.registry().confluentApiUrl(),
                "--by", "oncall@test", "--reason", "OperatorControlIT"));
        int exit = cli.execute(line.toArray(String[]::new));
        assertThat(exit).as("herald %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    @Test
    void pausingTheBulkMailLaneParksNewslettersAndResumingReleasesThem() throws Exception {
        assertThat(herald("control", "pause", "lane", "email", "bulk")).contains("PAUSE_LANE lane:email:bulk sent to notify.control.v1");
        String parked = postUntilParked("bulk", "lane-pause");
        assertThat(client.status(parked).get("timeline").toString()).contains("paused");
        assertThat(client.mailsFor(parked)).isZero();

        assertThat(herald("control", "resume", "lane", "email", "bulk")).contains("RESUME_LANE lane:email:bulk");

        JsonNode status = client.awaitState(parked, Set.of("SENT"), Duration.ofSeconds(60));
        assertThat(status.get("timeline").toString()).contains("REPLAYED");
        assertThat(client.mailsFor(parked)).isEqualTo(1);
    }

    @Test
    void forcingThePrimaryDownSendsMailThroughTheSecondaryUntilTheOperatorClearsIt() throws Exception {
        herald("control", "force", "provider", "smtp-primary", "DOWN");
        // The router learns the override asynchronously: post until one code goes out through the secondary.
        String viaSecondary = postUntilDeliveredBy("force", "smtp-secondary");
        assertThat(client.status(viaSecondary).get("provider").asText()).isEqualTo("smtp-secondary");
        String next = client.post("critical", "force-after", "ops@example.com", "[\"email\"]");
        assertThat(client.awaitState(next, Set.of("SENT"), Duration.ofSeconds(60)).get("provider").asText())
                .isEqualTo("smtp-secondary");
        assertThat(StackClient.receivedFor(stack.smtp().received(), next)).isFalse();

        herald("control", "clear", "provider", "smtp-primary");

        String viaPrimary = postUntilDeliveredBy("clear", "smtp-primary");
        assertThat(client.status(viaPrimary).get("provider").asText()).isEqualTo("smtp-primary");
    }

    @Test
    void aPaceCommandSpeedsUpTheRunningReleaseOfPausedMail() throws Exception {
        herald("control", "pause", "lane", "email", "transactional");
        List<String> parked = new ArrayList<>(List.of(postUntilParked("transactional", "pace")));
        for (int i = 0; i < 24; i++) parked.add(client.post("transactional", "pace-backlog-" + i, "reader@example.com", "[\"email\"]"));
        for (String id : parked) client.awaitState(id, Set.of("PARKED"), Duration.ofSeconds(60));

        herald("control", "resume", "lane", "email", "transactional");
        // The release goes at the configured 1/s: wait for its first three mails.
        await().atMost(Duration.ofSeconds(60)).until(() -> arrivals(parked).size() >= 3);
        Instant paceSent = Instant.now();
        assertThat(herald("control", "pace", "all", "100/s")).contains("SET_REPLAY_PACE replay:all");

        await().atMost(Duration.ofSeconds(60)).until(() -> arrivals(parked).size() == parked.size());
        List<Instant> arrivals = arrivals(parked);
        List<Instant> before = arrivals.stream().filter(t -> t.isBefore(paceSent)).toList();
        List<Instant> after = arrivals.stream().filter(t -> !t.isBefore(paceSent)).toList();
        assertThat(before).as("mails released at 1/s before the pace command").hasSizeGreaterThanOrEqualTo(3);
        assertThat(Duration.between(before.get(0), before.get(before.size() - 1)))
                .as("%d mails at 1/s take at least %d s", before.size(), before.size() - 1)
                .isGreaterThanOrEqualTo(Duration.ofMillis(700L * (before.size() - 1)));
        // At the old pace the rest would take (n - 1) seconds; at 100/s it takes a fraction of that.
        assertThat(after).hasSizeGreaterThanOrEqualTo(10);
        assertThat(Duration.between(paceSent, after.get(after.size() - 1)))
                .as("%d mails after the pace command", after.size())
                .isLessThan(Duration.ofSeconds(after.size() / 2));
    }

    /** Posts messages of {@code priority} until the router parks one (it learns a pause asynchronously). */
    private static String postUntilParked(String priority, String prefix) {
        List<String> posted = new ArrayList<>();
        String[] parked = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : posted) {
                JsonNode status = client.status(id);
                if (status != null && "PARKED".equals(status.path("state").asText())) {
                    parked[0] = id;
                    return true;
                }
            }
            posted.add(client.post(priority, prefix + "-" + (posted.size() + 1), "reader@example.com", "[\"email\"]"));
            return false;
        });
        return parked[0];
    }

    /** Posts critical codes until one is delivered by {@code provider}. */
    private static String postUntilDeliveredBy(String prefix, String provider) {
        List<String> posted = new ArrayList<>();
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : posted) {
                JsonNode status = client.status(id);
                if (status != null && "SENT".equals(status.path("state").asText()) && provider.equals(status.path("provider").asText())) {
                    found[0] = id;
                    return true;
                }
            }
            posted.add(client.post("critical", prefix + "-" + (posted.size() + 1), "ops@example.com", "[\"email\"]"));
            return false;
        });
        return found[0];
    }

    /** When each of {@code ids} reached a mail sink, earliest first. */
    private static List<Instant> arrivals(List<String> ids) {
        List<ReceivedMail> mails = Stream.concat(stack.smtp().received().stream(), stack.smtpSecondary().received().stream()).toList();
        return ids.stream().map(id -> arrival(mails, id)).flatMap(Optional::stream).sorted().toList();
    }

    private static Optional<Instant> arrival(List<ReceivedMail> mails, String id) {
        String uuid = MessageIds.forNotification(id, "x").replaceAll("^<|@x>$", "");
        return mails.stream().filter(m -> m.messageId().map(mid -> mid.contains(uuid)).orElse(false))
                .map(ReceivedMail::receivedAt).min(Instant::compareTo);
    }
}
