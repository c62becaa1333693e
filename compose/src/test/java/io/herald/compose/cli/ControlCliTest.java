package io.herald.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line an operator types, without a cluster: usage errors and an unreachable cluster. */
class ControlCliTest {
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
        assertThat(out.toString()).contains("--bootstrap").contains("--registry").contains("--reason").contains("Exit codes");
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
}
