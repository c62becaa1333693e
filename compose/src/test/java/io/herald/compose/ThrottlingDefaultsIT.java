package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.LoadGenerator;
import io.herald.compose.drill.Mix;
import io.herald.compose.drill.Posted;
import io.herald.compose.sinks.SinksClient;
import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.policy.reconcile.ReconciliationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling is not an outage, on Herald's <b>default</b> retry tiers and health settings: every mail provider
 * lets one message in three through and answers the rest {@code 421 4.3.2 The maximum number of concurrent
 * connections has exceeded a limit, closing transmission channel} for 40 s, under a mixed load of 5 messages/s.
 * Both are throttled so that mail can only go out through throttled providers: a healthy second provider would
 * take the traffic and hide whether the throttled one keeps delivering. The scenario runs once; each test checks
 * one promise.
 */
class ThrottlingDefaultsIT {
    private static final String CONNECTION_LIMIT_421 =
            "421 4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel";
    private static final Duration THROTTLING = Duration.ofSeconds(40);
    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static OutageTraffic traffic;
    private static Instant throttleStart;
    private static Instant throttleEnd;
    private static ReconciliationReport settled;
    private static List<DeliveryOutcome> outcomes;
    private static List<ProviderHealth> health;

    @BeforeAll
    static void throttleEveryMailProvider() {
        // Nothing tuned: default retry tiers, health windows and thresholds are what is under test.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of()).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready() && stack.workers().ready());
        traffic = new OutageTraffic(stack, "throttle", Mix.parse("critical=10,transactional=30,bulk=60"), LoadGenerator.defaultChannels());
        SinksClient sinks = new SinksClient(stack.sinks().url());

        traffic.load.run(5, Duration.ofSeconds(5), Posted.Phase.BEFORE);
        throttleStart = Instant.now();
        sinks.smtpFault("all", Map.of("stage", "MAIL", "reply", CONNECTION_LIMIT_421, "every", 3, "for", "2m"));
        traffic.load.run(5, THROTTLING, Posted.Phase.DURING);
        sinks.clear("/sinks/smtp/all/faults");
        throttleEnd = Instant.now();
        traffic.load.run(5, Duration.ofSeconds(5), Posted.Phase.AFTER);

        settled = traffic.settle(Duration.ofMinutes(2));
        outcomes = traffic.log.outcomes();
        health = traffic.log.health();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void theThrottledProvidersAreDegradedAndNeverDown() {
        List<ProviderHealth> during = health.stream().filter(h -> !h.getSince().isBefore(throttleStart) && h.getSince().isBefore(throttleEnd))
                .toList();

        assertThat(during).extracting(ProviderHealth::getState).as(during.toString()).contains(HealthState.DEGRADED).doesNotContain(HealthState.DOWN);
    }

    @Test
    void theThrottledProvidersKeepDeliveringThroughoutTheWindow() {
        Instant degraded = health.stream().filter(h -> h.getState() == HealthState.DEGRADED && !h.getSince().isBefore(throttleStart))
                .map(ProviderHealth::getSince).min(Instant::compareTo).orElse(throttleStart);
        List<Instant> accepted = java.util.stream.Stream.concat(stack.smtp().received().stream(), stack.smtpSecondary().received().stream())
                .map(ReceivedMail::receivedAt).filter(t -> !t.isBefore(degraded) && t.isBefore(throttleEnd)).toList();

        // Every 10 s slice of the throttled window after it degraded: mail still went out, at the paced rate.
        for (Instant slice = degraded; slice.plusSeconds(10).isBefore(throttleEnd); slice = slice.plusSeconds(10)) {
            Instant from = slice;
            assertThat(accepted).as("deliveries from " + from).anyMatch(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(10)));
        }
    }

    @Test
    void nothingMovesToSmsAndEveryMessageGoesOutByEmail() {
        Set<String> ids = traffic.load.posted().stream().map(Posted::notificationId).collect(Collectors.toSet());

        assertThat(stack.twilio().received()).isEmpty();
        assertThat(outcomes).filteredOn(o -> ids.contains(o.getNotificationId()))
                .noneMatch(o -> o.getStatus() == OutcomeStatus.FAILED_OVER || o.getChannel() == Channel.SMS);
        assertThat(settled.terminalCounts()).containsOnlyKeys(OutcomeStatus.SENT);
        assertThat(settled.terminal()).isEqualTo(ids.size());
    }

    @Test
    void nothingIsLostOrSentTwice() {
        ReconciliationReport report = io.herald.policy.reconcile.Reconciliation.reconcile(traffic.load.posted().stream()
                .map(p -> new io.herald.policy.reconcile.Accepted(p.notificationId(), p.postedAt())).toList(), outcomes, List.of(), Instant.now());

        assertThat(report.lost()).isEmpty();
        assertThat(report.multipleTerminal()).isEmpty();
        assertThat(ids(stack.smtp().received())).doesNotHaveDuplicates();
        assertThat(ids(stack.smtpSecondary().received())).doesNotContainAnyElementsOf(ids(stack.smtp().received()));
    }

    private static List<String> ids(List<ReceivedMail> mails) {
        return mails.stream().map(m -> m.messageId().orElse("")).toList();
    }
}
