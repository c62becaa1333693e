package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.contracts.HealthState;
import io.herald.devkit.script.ScriptHandle;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.SmtpReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import io.herald.contracts.Channel;
import io.herald.replay.engine.RunState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage Herald exists for, end to end on the local stack: both mail providers answer
 * {@code 451 4.3.2} to every recipient (a provider outage: deferrals for one domain while other mail is
 * delivered are that destination's outage instead, see the router's DestinationHealthTest); bulk mail is retried, exhausted and parked (never moved to SMS);
 * the router's health model degrades the providers; when the outage ends and fresh traffic proves the
 * primary healthy again, the workers' automatic replayer releases the parked backlog in waves and
 * every parked message is delivered exactly once. A relapse mid-release halts the release; the next
 * recovery resumes it, still without duplicates.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageRecoveryIT {
    private static final int BACKLOG = 12;
    private static final AtomicInteger PROBES = new AtomicInteger();
    private static final String EMAIL_THEN_SMS = "[\"email\",\"sms\"]";
    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() {
        // Time scaled down: 1 s retry tier, 3 s health windows, waves of an eighth of the backlog every 4 s.
        // Eight waves leave the relapse test ~25 s to see the provider degrade before the release would finish,
        // several times what detection takes on a loaded 2-core machine.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.ofEntries(
                Map.entry("HERALD_RETRY_TIERS", "1s"),
                Map.entry("HERALD_HEALTH_WINDOW", "3s"),
                Map.entry("HERALD_HEALTH_MIN_SAMPLE", "3"),
                Map.entry("HERALD_HEALTH_MIN_DWELL", "1s"),
                Map.entry("HERALD_HEALTH_TICK", "250ms"),
                Map.entry("HERALD_AUTO_REPLAY_WAVES", "12.5%/4s"),
                Map.entry("HERALD_AUTO_REPLAY_DEFERRAL_WINDOW", "2s"),
                Map.entry("HERALD_AUTO_REPLAY_ON_STARTUP", "false"))).start();
        client = new StackClient(stack);
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready()
                && stack.workers().ready());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void parksBulkMailDuringA451OutageAndReleasesItInWavesOnceThePrimaryIsHealthyAgain() throws Exception {
        List<String> backlog = new ArrayList<>();
        try (ScriptHandle<SmtpReply> primary = stack.smtp().script(Replies.deferAll451());
             ScriptHandle<SmtpReply> secondary = stack.smtpSecondary().script(Replies.deferAll451())) {
            for (int i = 0; i < BACKLOG; i++) backlog.add(client.post("bulk", "drill-" + i, "user" + i + "@outage.example", EMAIL_THEN_SMS));

            for (String id : backlog) client.awaitState(id, Set.of("PARKED"), Duration.ofSeconds(90));
            assertThat(primary.hits()).isPositive();
            assertThat(secondary.hits()).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    EnumSet.of(HealthState.DEGRADED, HealthState.DOWN).contains(stack.workers().health().state("smtp-primary")));
        }
        // Bulk never moves to a paid channel: nothing reached the SMS sink.
        assertThat(stack.twilio().created()).isEmpty();
        assertThat(client.delivered(backlog)).isZero();

        // The outage is over. Fresh traffic to a healthy domain lets the router see a clean window.
        probeUntil(() -> client.delivered(backlog) == BACKLOG);

        for (String id : backlog) {
            JsonNode status = client.awaitState(id, Set.of("SENT"), Duration.ofSeconds(30));
            assertThat(status.get("channel").asText()).isEqualTo("EMAIL");
            assertThat(status.get("timeline").toString()).contains("PARKED").contains("REPLAYED");
        }
        // Exactly once at the sinks, although every message went through retries, parking and a replay.
        for (String id : backlog) {
            assertThat(client.mailsFor(id)).as(id).isEqualTo(1);
        }
        assertThat(stack.workers().health().state("smtp-primary")).isEqualTo(HealthState.HEALTHY);
        assertThat(stack.workers().autoReplayer().lastRun(Channel.EMAIL)).isPresent();
    }

    @Test
    @Order(2)
    void aReleaseHaltsWhenTheProviderRelapsesAndResumesWithoutDuplicatesAfterTheNextRecovery() throws Exception {
        List<String> backlog = new ArrayList<>();
        try (ScriptHandle<SmtpReply> primary = stack.smtp().script(Replies.deferAll451());
             ScriptHandle<SmtpReply> secondary = stack.smtpSecondary().script(Replies.deferAll451())) {
            for (int i = 0; i < 8; i++) backlog.add(client.post("bulk", "relapse-" + i, "user" + i + "@relapse.example", EMAIL_THEN_SMS));
            for (String id : backlog) client.awaitState(id, Set.of("PARKED"), Duration.ofSeconds(90));
        }
        // Recovery starts a release; its first wave (an eighth: 1 message) goes out.
        probeUntil(() -> client.delivered(backlog) >= 1);

        // The provider relapses before the next wave: deferrals degrade it and the release halts.
        try (ScriptHandle<SmtpReply> primary = stack.smtp().script(Replies.deferAll451());
             ScriptHandle<SmtpReply> secondary = stack.smtpSecondary().script(Replies.deferAll451())) {
            AtomicInteger relapses = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                client.post("critical", "relapse-probe-" + relapses.incrementAndGet(), "probe@relapse.example", EMAIL_THEN_SMS);
                return stack.workers().autoReplayer().lastEndedIn(Channel.EMAIL, RunState.HALTED);
            });
            assertThat(client.delivered(backlog)).as("delivered when the release halted").isLessThan(backlog.size());
        }

        // Healthy again: the next release resumes where the halted one stopped.
        probeUntil(() -> client.delivered(backlog) == backlog.size());
        for (String id : backlog) {
            assertThat(client.mailsFor(id)).as(id).isEqualTo(1);
        }
    }

    /** Sends a little healthy traffic every second (what recovery is judged on) until {@code done}. */
    private static void probeUntil(java.util.concurrent.Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (int i = 0; i < 3; i++) {
                client.post("critical", "probe-" + PROBES.incrementAndGet(), "probe@healthy.example", EMAIL_THEN_SMS);
            }
            return done.call();
        });
    }
}
