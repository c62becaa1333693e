package io.herald.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The command line an operator types, without a cluster: usage errors and an unreachable cluster. */
class ControlCliTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void everyControlSubcommandHasHelp() {
        for (String[] args : new String[][]{{"control", "-h"}, {"control", "pause", "lane", "-h"}, {"control", "resume", "tenant", "-h"},
                {"control", "force", "provider", "-h"}, {"control", "clear", "provider", "-h"}, {"control", "pace", "-h"}}) {
            assertThat(run(args)).as(String.join(" ", args)).isZero();
        }
        assertThat(out.toString()).contains("--config").contains("--bootstrap").contains("--registry").contains("--reason")
                .contains("Exit codes");
    }

    @Test
    void anUnknownLaneIsBadUsage() {
        assertThat(run("control", "pause", "lane", "email", "urgent")).isEqualTo(2);
        assertThat(err.toString()).contains("LANE").contains("urgent");
    }

    @Test
    void forcingHalfOpenIsBadUsage() {
        assertThat(run("control", "force", "provider", "smtp-primary", "half_open")).isEqualTo(2);
        assertThat(err.toString()).contains("HEALTHY, DEGRADED or DOWN");
    }

    @Test
    void aPaceOutsideTheGrammarIsBadUsage() {
        assertThat(run("control", "pace", "all", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("PACE").contains("fast");
    }

    @Test
    void anUnreachableClusterExitsWithThreeAndSaysTheCommandWasNotSent() {
        int exit = run("control", "pause", "lane", "email", "bulk", "--bootstrap", "127.0.0.1:1", "--registry",
                "http://127.0.0.1:1/apis/ccompat/v7", "--timeout", "1");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("PAUSE_LANE lane:email:bulk was not sent");
    }

    @Test
    void anUnreachableClusterNamedInTheConfigurationFileExitsWithThree() throws IOException {
        Path file = write("kafka.bootstrap.servers=127.0.0.1:1", "schema.registry.url=http://127.0.0.1:1/apis/ccompat/v7");

        int exit = run("control", "force", "provider", "smtp-primary", "DOWN", "--config", file.toString(), "--timeout", "1");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("FORCE_PROVIDER_STATE provider:smtp-primary was not sent");
    }

    @Test
    void aBadValueInTheConfigurationFileIsBadConfigurationNamingTheKey() throws IOException {
        Path file = write("schema.registry.max-retries=lots");

        assertThat(run("control", "clear", "provider", "smtp-primary", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("schema.registry.max-retries");
    }

    @Test
    void aTimeoutOfZeroIsBadUsage() {
        assertThat(run("control", "clear", "provider", "smtp-primary", "--timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be a positive number of seconds");
    }

    /** A command with only the cluster options, to see what they resolve to without a cluster. */
    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ClusterOptions cluster;
    }

    private ClusterOptions.Connection connection(Map<String, String> env, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.cluster.connection(env);
    }

    @Test
    void theControlsReadKafkaAndTheRegistryFromTheSharedConfigurationFile() throws IOException {
        Path file = write("kafka.bootstrap.servers=broker-1:9092,broker-2:9092", "kafka.security.protocol=SASL_SSL",
                "schema.registry.url=https://registry.example.com", "schema.registry.basic.auth.user.info=herald:s3cret");

        ClusterOptions.Connection c = connection(Map.of(), "--config", file.toString());

        assertThat(c.kafka()).containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.registryUrl()).isEqualTo("https://registry.example.com");
        assertThat(c.registryUserInfo()).contains("herald:s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheFlagsOverrideBoth() throws IOException {
        Path file = write("kafka.bootstrap.servers=broker-1:9092", "schema.registry.url=https://registry.example.com");
        Map<String, String> env = Map.of("HERALD_KAFKA_BOOTSTRAP_SERVERS", "broker-env:9092");

        assertThat(connection(env, "--config", file.toString()).kafka()).containsEntry("bootstrap.servers", "broker-env:9092");
        ClusterOptions.Connection flags = connection(env, "--config", file.toString(), "--bootstrap", "broker-flag:9092",
                "--registry", "http://registry-flag:8081");
        assertThat(flags.kafka()).containsEntry("bootstrap.servers", "broker-flag:9092");
        assertThat(flags.registryUrl()).isEqualTo("http://registry-flag:8081");
    }

    @Test
    void theConfigurationFileMayComeFromHeraldConfig() throws IOException {
        Path file = write("kafka.bootstrap.servers=broker-1:9092");

        assertThat(connection(Map.of("HERALD_CONFIG", file.toString())).kafka()).containsEntry("bootstrap.servers", "broker-1:9092");
    }

    @Test
    void withNothingConfiguredTheControlsFindTheLocalStack() {
        ClusterOptions.Connection c = connection(Map.of());

        assertThat(c.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:19092");
        assertThat(c.registryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(c.registryUserInfo()).isEqualTo(Optional.empty());
    }

    private Path write(String... lines) throws IOException {
        return Files.writeString(dir.resolve("herald.properties"), String.join("\n", lines) + "\n");
    }
}
