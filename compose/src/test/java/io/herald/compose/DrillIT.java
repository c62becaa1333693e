package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.analytics.report.Filter;
import io.herald.analytics.report.ReportService;
import io.herald.compose.cli.Herald;
import io.herald.compose.drill.DrillReport;
import io.herald.compose.drill.EventLog;
import io.herald.compose.drill.Injection;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.time.Instant;
import io.herald.compose.drill.ReportMarkdown;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code herald drill exchange-outage}, run the way a user runs it against an already running local stack
 * (the same command line, connection options pointing at the stack), on default retry tiers and health
 * settings: its exit code and the report it writes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillIT {
    @TempDir
    static Path dir;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        // Default retry tiers and health settings. Only the release is scaled down in time, pace and deferral window
        // together (10%/5m would outlast the test): waves are not what this test is about, and the report says
        // which pace the release used.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of("HERALD_AUTO_REPLAY_WAVES", "25%/5s",
                "HERALD_AUTO_REPLAY_DEFERRAL_WINDOW", "5s")).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready() && stack.workers().ready());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void aShortDrillAgainstARunningStackKeepsEveryPromiseAndReportsFromTheEventLog() throws IOException {
        Path reports = dir.resolve("reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("drill", "exchange-outage", "--duration", "20s", "--rate", "5", "--warmup", "5s", "--cooldown", "10s",
                "--drain-timeout", "2m", "--report-dir", reports.toString(),
                "--ingest-url", stack.ingest().url(), "--api-key", StackClient.API_KEY, "--sinks-url", stack.sinks().url(),
                "--bootstrap", stack.kafka().bootstrapServers(), "--registry", stack.registry().confluentApiUrl());

        DrillReport report = ReportMarkdown.read(onlyJson(reports));
        // The report in the test log: what a user would read, and what to look at when this test fails.
        System.out.println(out);
        assertThat(out.toString()).contains("# Drill: exchange outage").contains("## Promises");
        assertThat(report.posted().total()).as(err.toString()).isGreaterThanOrEqualTo(150);
        assertThat(report.critical().postedDuringOutage()).isPositive();
        assertThat(report.sinks().measured()).isTrue();
        // What the promises are made of, field by field, so a failure says which one broke.
        assertThat(report.mttdMs()).as(report.health().toString()).allSatisfy((provider, ms) -> assertThat(ms).isNotNull().isLessThanOrEqualTo(10_000));
        assertThat(report.critical().deliveredBySms()).isEqualTo(report.critical().postedDuringOutage());
        assertThat(report.critical().latencyP99Ms()).isLessThanOrEqualTo(10_000);
        assertThat(report.parked().total()).isPositive();
        assertThat(report.reconciliation().lost()).isEmpty();
        assertThat(report.sinks().duplicates()).isEmpty();
        assertThat(report.codes().sentAfterExpiry()).isEmpty();
        assertThat(report.promises()).hasSize(4).allSatisfy(p -> assertThat(p.kept()).as(p.promise() + ": " + p.detail()).isTrue());
        assertThat(exit).as(out.toString()).isZero();
        theAnalyticsReconciliationAgreesWithTheDrill(report);
    }

    /**
     * The data team's proof and the drill's proof of the same run agree: the analytics sink, fed by the same topics,
     * counts the notifications the drill had accepted, the same number ending in exactly one terminal state, and the
     * same (none) without one or with two.
     */
    private static void theAnalyticsReconciliationAgreesWithTheDrill(DrillReport report) {
        Filter demo = new Filter(null, null, LocalStackConfig.DEMO_TENANT);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ReportService.ReconciliationCounts counts = stack.analytics().reports().reconcile(demo);
            assertThat(counts.accepted()).as(counts.toString()).isEqualTo(report.reconciliation().accepted());
            assertThat(counts.multipleTerminal()).as(counts.toString()).isEqualTo(report.reconciliation().multipleTerminal().size());
            assertThat(counts.missingTerminal()).as(counts.toString()).isEqualTo(report.reconciliation().lost().size());
            assertThat(counts.exactlyOne()).as(counts.toString()).isEqualTo(report.reconciliation().terminal());
        });
    }

    @Test
    @Order(2)
    void theOverrideInjectionForcesEveryMailProviderDownAsAnOperatorAndHandsThemBack() {
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(stack.registry().confluentApiUrl())));
        EventLog log = new EventLog(stack.kafka().bootstrapServers(), topics, Duration.ofSeconds(30));
        Injection override = Injection.override(stack.kafka().bootstrapServers(), topics, List.of("smtp-primary", "smtp-secondary"));
        Instant start = Instant.now();

        override.inject(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(log.health())
                .filteredOn(h -> !h.getSince().isBefore(start) && h.getState() == HealthState.DOWN && h.getSource() == HealthSource.OPERATOR)
                .extracting(ProviderHealth::getProviderId).contains("smtp-primary", "smtp-secondary"));
        Instant restored = Instant.now();
        override.restore();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(log.health())
                .filteredOn(h -> !h.getSince().isBefore(restored) && !h.getOperatorOverride())
                .extracting(ProviderHealth::getProviderId).contains("smtp-primary", "smtp-secondary"));
    }

    @Test
    @Order(3)
    void aBadOptionIsExitCode2NamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("drill", "exchange-outage", "--mix", "urgent=10", "--sinks-url", stack.sinks().url());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--mix").contains("urgent");
    }

    private static Path onlyJson(Path reports) throws IOException {
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            return json.get(0);
        }
    }
}
