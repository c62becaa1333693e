package io.herald.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.devkit.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code herald topics apply|verify} against a real broker. Herald's topic names are fixed, so this class runs
 * its own devkit broker (ephemeral port) instead of the JVM-wide shared one other tests provision.
 */
class TopicsCommandIT {
    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().logDir(dir.resolve("kafka")).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run herald(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String config(String name, String extra) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "kafka.bootstrap.servers=" + kafka.bootstrapServers() + "\n"
                + "topics.partitions=2\ntopics.replication-factor=1\nretry.tiers=5s,1m\n" + extra);
        return file.toString();
    }

    private static int partitionsOf(String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    @Test
    void applyCreatesTheLayoutOnceAndVerifyReportsDriftWithoutChangingPartitions() throws Exception {
        String layout = config("herald.properties", "topics.notify.outcome.v1.retention=90d\n");

        Run verifyEmpty = herald("topics", "verify", "--config", layout);
        assertThat(verifyEmpty.exit()).as(verifyEmpty.err()).isEqualTo(TopicsCommand.MISMATCH);
        assertThat(verifyEmpty.out()).contains("MISSING       notify.request.v1").contains("0 match");

        Run first = herald("topics", "apply", "--config", layout);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("created       notify.retry.email.5s.v1").contains("0 partition mismatches");
        assertThat(partitionsOf("notify.request.v1")).isEqualTo(2);

        Run again = herald("topics", "apply", "--config", layout);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("0 created, 0 reconfigured");

        Run verify = herald("topics", "verify", "--config", layout);
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("0 missing, 0 partition mismatches, 0 config mismatches");

        String drifted = config("drifted.properties", "topics.notify.request.v1.partitions=6\n");
        Run drift = herald("topics", "verify", "--config", drifted);
        assertThat(drift.exit()).isEqualTo(TopicsCommand.MISMATCH);
        assertThat(drift.out()).contains("PARTITIONS    notify.request.v1 has 2 partitions, layout says 6")
                .contains("CONFIG        notify.outcome.v1 has retention.ms=7776000000, layout says 2592000000");

        Run applyDrift = herald("topics", "apply", "--config", drifted);
        assertThat(applyDrift.exit()).isEqualTo(TopicsCommand.MISMATCH);
        assertThat(applyDrift.out()).contains("MISMATCH      notify.request.v1 has 2 partitions, layout says 6")
                .contains("reconfigured  notify.outcome.v1");
        assertThat(partitionsOf("notify.request.v1")).as("partition counts are never changed").isEqualTo(2);
    }

    @Test
    void anUnreachableClusterIsAnErrorNotAHang() throws IOException {
        Path file = dir.resolve("nowhere.properties");
        Files.writeString(file, "kafka.bootstrap.servers=127.0.0.1:1\nkafka.default.api.timeout.ms=2000\nkafka.request.timeout.ms=1000\n");
        Run run = herald("topics", "verify", "--config", file.toString());
        assertThat(run.exit()).isEqualTo(1);
    }
}
