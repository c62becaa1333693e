package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.cli.ExitCodes;
import io.herald.replay.cli.HeraldReplay;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A real crash: the CLI runs in a child JVM that is killed with SIGKILL mid-replay, then the replay is run again. */
@WithKafka
@WithRegistry
class KillAndResumeIT {

    @Test
    void aReplayProcessKilledMidwayAndRunAgainCopiesEverySelectedRecordExactlyOnce(KafkaCluster kafka, SchemaRegistryEndpoint registry)
            throws Exception {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String parked = fx.topic("notify.parked.email.v1.kill", 3);
        String target = fx.topic("notify.replay.v1.kill", 3);
        String runs = fx.compacted("notify.replay-runs.v1.kill");
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 3000, Instant.now().minusSeconds(60)));
        String id = "kill-" + fx.id;
        List<String> args = List.of("run", "--from", parked, "--to", target, "--rate", "300/s", "--id", id, "--runs-topic", runs,
                "--no-progress", "--bootstrap-server", kafka.bootstrapServers(), "--registry-url", registry.confluentApiUrl());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), HeraldReplay.class.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), id + ".log")).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> fx.count(target) >= 600);
        } finally {
            child.destroyForcibly().waitFor();
        }
        int beforeRestart = fx.count(target);
        assertThat(beforeRestart).isLessThan(3000);

        StringWriter out = new StringWriter();
        CommandLine status = HeraldReplay.commandLine();
        status.setOut(new PrintWriter(out, true));
        assertThat(status.execute("status", "--runs-topic", runs, "--bootstrap-server", kafka.bootstrapServers(),
                "--registry-url", registry.confluentApiUrl())).isZero();
        assertThat(out.toString()).contains("Running:").containsPattern(id + "\\s+RUNNING\\s+.*\\d+/3000");

        CommandLine rerun = HeraldReplay.commandLine();
        StringWriter rerunOut = new StringWriter();
        rerun.setOut(new PrintWriter(rerunOut, true));
        rerun.setErr(new PrintWriter(new StringWriter(), true));
        List<String> fast = new java.util.ArrayList<>(args);
        fast.set(fast.indexOf("300/s"), "3000/s");
        assertThat(rerun.execute(fast.toArray(String[]::new))).isEqualTo(ExitCodes.OK);
        assertThat(rerunOut.toString()).contains("FINISHED: 3000 of 3000 copied");

        Map<String, Integer> copies = fx.countByKey(target);
        System.out.printf("[replay-benchmark] kill -9 after %d committed copies; after rerun %d distinct, max copies per key %d%n",
                beforeRestart, copies.size(), copies.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        assertThat(copies).hasSize(3000);
        assertThat(copies.values()).containsOnly(1);
    }
}
