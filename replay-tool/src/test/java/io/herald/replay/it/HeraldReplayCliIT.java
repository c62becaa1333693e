package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.cli.ExitCodes;
import io.herald.replay.cli.HeraldReplay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI end to end against the shared broker and registry: exit codes and printed output of every subcommand. */
@WithKafka
@WithRegistry
class HeraldReplayCliIT {
    private ReplayFixture fx;
    private String parked;
    private String target;
    private String runs;
    private String outcomes;
    private String health;
    private String preferences;
    private String bootstrap;
    private String registryUrl;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void backlog(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        fx = new ReplayFixture(kafka, registry);
        bootstrap = kafka.bootstrapServers();
        registryUrl = registry.confluentApiUrl();
        parked = fx.topic("notify.parked.email.v1.cli", 2);
        target = fx.topic("notify.replay.v1.cli", 2);
        runs = fx.compacted("notify.replay-runs.v1.cli");
        outcomes = fx.topic("notify.outcome.v1.cli", 1);
        health = fx.compacted("notify.provider-health.v1.cli");
        preferences = fx.compacted("notify.preference.v1.cli");
        Instant at = Instant.now().minusSeconds(300);
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 150, at));
        fx.produceParked(parked, ReplayFixture.parkedBacklog("globex", 50, at).stream()
                .map(p -> io.herald.contracts.ParkedNotification.newBuilder(p).setReason("paused").setProviderCode(null).build())
                .toList());
    }

    private int cli(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = HeraldReplay.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-server", bootstrap, "--registry-url", registryUrl));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void inspectPrintsCountsPerGroupWithMaskedSamples() {
        int code = cli("inspect", "--topic", parked, "--group-by", "reason", "--samples", "3");

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains(parked + ": 200 scanned, 200 selected")
                .containsPattern("no-healthy-provider\\s+150\\s+20")
                .containsPattern("paused\\s+50\\s+20")
                .contains("Samples (PII masked):").containsPattern("to=\\[u-\\d+ u\\*\\*\\*@example.com\\]")
                .doesNotContain("user0@example.com");
    }

    @Test
    void inspectGroupsByTenantWithAFilter() {
        assertThat(cli("inspect", "--topic", parked, "--group-by", "tenant", "--where", "reason!=paused")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).containsPattern("acme\\s+150").doesNotContain("globex");
    }

    @Test
    void inspectSummarisesDeadLettersByCause() throws Exception {
        String dlq = fx.topic("notify.dlq.v1.cli", 1);
        try (var producer = fx.producer()) {
            for (String cause : List.of("deserialization", "deserialization", "validation")) {
                var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
                io.herald.schemas.HeraldHeaders.put(headers, io.herald.schemas.HeraldHeaders.DLQ_CAUSE, cause);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(dlq, null, ReplayFixture.bytes("acme/k"),
                        new byte[]{1}, headers)).get();
            }
        }
        assertThat(cli("inspect", "--topic", dlq, "--group-by", "reason")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(dlq + ": 3 scanned, 3 selected").containsPattern("deserialization\\s+2")
                .containsPattern("validation\\s+1");
    }

    @Test
    void inspectOfAnUnknownTopicExitsWithFour() {
        assertThat(cli("inspect", "--topic", "notify.parked.nope." + fx.id)).isEqualTo(ExitCodes.UNKNOWN_TOPIC);
        assertThat(err.toString()).contains("error: unknown topic 'notify.parked.nope." + fx.id + "'");
    }

    @Test
    void anUnreachableBrokerExitsWithThreeWithinTheTimeout() {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = HeraldReplay.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = cli.execute("status", "--bootstrap-server", "127.0.0.1:1", "--timeout", "2s");
        assertThat(code).isEqualTo(ExitCodes.BROKER_UNREACHABLE);
        assertThat(err.toString()).contains("error: Kafka unreachable").contains("127.0.0.1:1");
        assertThat((System.nanoTime() - start) / 1e9).as("bounded by --timeout").isLessThan(15);
    }

    @Test
    void runCopiesTheSelectionWithAProgressBarAndStatusListsIt() {
        String id = "cli-" + fx.id;
        int code = cli("run", "--from", parked, "--to", target, "--rate", "400/s", "--reason", "no-healthy-provider",
                "--id", id, "--runs-topic", runs, "--outcome-topic", outcomes, "--why", "INC-42");

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("replay " + id + ": " + parked + " → " + target, "150 selected",
                "[##############################] 100% 150/150", "replay " + id + " FINISHED: 150 of 150 copied");
        assertThat(fx.count(target)).isEqualTo(150);

        assertThat(cli("status", "--runs-topic", runs)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Finished / stopped:").containsPattern(id + "\\s+FINISHED\\s+" + parked.replace(".", "\\.")
                + "\\s+" + target.replace(".", "\\.") + "\\s+150/150\\s+100");
        assertThat(cli("status", "--runs-topic", runs, "--id", "nope")).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).contains("no replay with id nope");
    }

    @Test
    void dryRunPrintsEachMessageAndTheTotalsAndWritesNothing() {
        fx.produceOutcome(outcomes, "n-acme-3", OutcomeStatus.SENT);
        int code = cli("run", "--from", parked, "--to", target, "--dry-run", "--tenant", "acme", "--outcome-topic", outcomes,
                "--preference-topic", preferences);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("DRY RUN (nothing is written)")
                .containsPattern("n-acme-3\\s+would skip \\(already sent\\)")
                .containsPattern("n-acme-4\\s+would send")
                .contains("150 selected of 200 scanned: 149 would send, 0 would expire, 1 would skip (already sent), 0 would be suppressed");
        assertThat(fx.count(target)).isZero();
    }

    @Test
    void statusBeforeAnyReplayAndADryRunWithoutAnOutcomeTopicSaySo() {
        assertThat(cli("status", "--runs-topic", "notify.replay-runs.none." + fx.id)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("no replays recorded yet");

        assertThat(cli("run", "--from", parked, "--dry-run", "--outcome-topic", "notify.outcome.none." + fx.id,
                "--preference-topic", preferences)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("note: outcome topic notify.outcome.none." + fx.id + " not found: 'already sent' not checked",
                "200 selected of 200 scanned: 200 would send");
    }

    @Test
    void aRunWhoseGateIsClosedHaltsWithFive() {
        fx.produceHealth(health, "smtp-primary", HealthState.DOWN, HealthState.HEALTHY);
        int code = cli("run", "--from", parked, "--to", target, "--waves", "50%/1s", "--gate", "provider=smtp-primary",
                "--health-topic", health, "--outcome-topic", outcomes, "--runs-topic", runs, "--id", "gated-" + fx.id);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.HALTED);
        assertThat(out.toString()).contains("HALTED: 0 of 200 copied (gate closed before wave 1: smtp-primary is DOWN)",
                "resume with: herald-replay run --id gated-" + fx.id);
        assertThat(fx.count(target)).isZero();
    }

    @Test
    void aRunFromAnUnknownTopicExitsWithFour() {
        assertThat(cli("run", "--from", "notify.parked.nope." + fx.id, "--rate", "10/s")).isEqualTo(ExitCodes.UNKNOWN_TOPIC);
        assertThat(err.toString()).contains("unknown topic");
    }
}
