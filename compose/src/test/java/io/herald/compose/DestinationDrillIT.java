package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.cli.Herald;
import io.herald.compose.drill.DrillReport;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code herald drill exchange-recipients}, run the way a user runs it against an already running local stack that
 * maps the drill's domains to {@code exchange-online}, on default retry tiers and health settings: its exit code and
 * the report it writes, with the destination's own section.
 */
class DestinationDrillIT {
    @TempDir
    static Path dir;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        // Default retry tiers and health settings. The domain map is the stack's knowledge of where the drill's recipients
        // are hosted (what the drill's documentation asks the user to set). Only the release is scaled down in time, pace
        // and deferral window together (10%/5m would outlast the test); the report says which pace the release used.
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of(
                "HERALD_DESTINATIONS", "contoso.drill.example=exchange-online,fabrikam.drill.example=exchange-online",
                "HERALD_DESTINATIONS_MX_LOOKUP", "false",
                "HERALD_AUTO_REPLAY_WAVES", "25%/5s", "HERALD_AUTO_REPLAY_DEFERRAL_WINDOW", "5s")).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready() && stack.workers().ready());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void aShortDestinationDrillKeepsEveryPromiseAndReportsThePerDestinationFindings() throws IOException {
        Path reports = dir.resolve("reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("drill", "exchange-recipients", "--duration", "20s", "--rate", "10", "--warmup", "5s", "--cooldown", "5s",
                "--share", "30", "--drain-timeout", "3m", "--report-dir", reports.toString(),
                "--ingest-url", stack.ingest().url(), "--api-key", StackClient.API_KEY, "--sinks-url", stack.sinks().url(),
                "--bootstrap", stack.kafka().bootstrapServers(), "--registry", stack.registry().confluentApiUrl());

        DrillReport report = ReportMarkdown.read(onlyJson(reports));
        System.out.println(out);
        assertThat(out.toString()).contains("# Drill: exchange recipients").contains("## Recipient destination exchange-online");
        DrillReport.Destination d = report.destination();
        assertThat(d).as(err.toString()).isNotNull();
        assertThat(d.mttdMs().get("exchange-online")).as(report.health().toString()).isNotNull().isLessThanOrEqualTo(10_000L);
        assertThat(d.providersDown()).isEmpty();
        assertThat(report.mttdMs()).as("no mail provider DOWN").allSatisfy((provider, ms) -> assertThat(ms).isNull());
        assertThat(d.critical().postedDuringOutage()).isPositive();
        assertThat(d.critical().deliveredBySms()).isEqualTo(d.critical().postedDuringOutage());
        assertThat(d.unaffected().posted()).isPositive();
        assertThat(d.unaffected().deferred()).isZero();
        assertThat(d.unaffected().parked()).isZero();
        assertThat(d.unaffected().sentBy()).containsOnlyKeys("smtp-primary");
        assertThat(d.releases()).as("the destination's release after recovery").isNotEmpty()
                .allSatisfy(r -> assertThat(r.waves()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(report.parked().stillParked()).isZero();
        assertThat(report.reconciliation().lost()).isEmpty();
        assertThat(report.sinks().duplicates()).isEmpty();
        assertThat(report.promises()).hasSize(7).allSatisfy(p -> assertThat(p.kept()).as(p.promise() + ": " + p.detail()).isTrue());
        assertThat(exit).as(out.toString()).isZero();
    }

    @Test
    void aDestinationDrillRefusesTheOperatorOverrideInjection() {
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("drill", "exchange-recipients", "--inject", "override", "--sinks-url", stack.sinks().url());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--inject scripted");
    }

    private static Path onlyJson(Path reports) throws IOException {
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            return json.get(0);
        }
    }
}
