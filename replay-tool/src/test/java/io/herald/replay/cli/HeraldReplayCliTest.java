package io.herald.replay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors are caught before any connection is made, so these need no broker. */
class HeraldReplayCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = HeraldReplay.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpListsTheSubcommandsAndTheExitCodes() {
        assertThat(run("-h")).isZero();
        assertThat(out.toString()).contains("inspect", "run", "status", "Exit codes:", "3   Kafka unreachable", "4   Unknown topic");
    }

    @Test
    void runHelpDescribesThePacesWithoutFormatWarnings() {
        assertThat(run("run", "-h")).isZero();
        assertThat(out.toString()).contains("Waves, e.g. 10%/5m: 10% of the selected backlog", "--dry-run", "--gate");
        assertThat(err.toString()).doesNotContain("Could not format");
    }

    @Test
    void versionPrintsTheToolName() {
        assertThat(run("-V")).isZero();
        assertThat(out.toString()).startsWith("herald-replay ");
    }

    @Test
    void aBadFilterExpressionExitsWithUsageNamingTheExpression() {
        int code = run("inspect", "--topic", "notify.parked.email.v1", "--where", "colour=red", "--bootstrap-server", "127.0.0.1:1");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("error: bad filter expression 'colour=red': unknown field 'colour'");
    }

    @Test
    void aBadChannelOptionExitsWithUsage() {
        int code = run("run", "--from", "notify.parked.email.v1", "--rate", "50/s", "--channel", "pigeon");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("bad filter expression 'channel=pigeon'");
    }

    @Test
    void aBadPaceExitsWithUsage() {
        assertThat(run("run", "--from", "notify.parked.email.v1", "--waves", "150%/5m")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("bad pace '150%/5m'");
    }

    @Test
    void runWithoutAPaceExitsWithUsage() {
        assertThat(run("run", "--from", "notify.parked.email.v1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("choose one of --rate, --waves or --ramp");
    }

    @Test
    void twoPacesAtOnceAreRejectedByTheParser() {
        assertThat(run("run", "--from", "t", "--rate", "5/s", "--waves", "10%/1m")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void anUnknownGroupByIsRejected() {
        assertThat(run("inspect", "--topic", "t", "--group-by", "colour")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--group-by");
    }

    @Test
    void theProgressBarShowsShareCountsRateAndEta() {
        assertThat(ProgressBar.render(5000, 10000, 498.24, Duration.ofSeconds(10), 20))
                .isEqualTo("[##########----------]  50% 5000/10000  498.2/s  ETA 0:10");
        assertThat(ProgressBar.render(0, 0, 0, null, 4)).isEqualTo("[####] 100% 0/0  0.0/s  ETA --:--");
        assertThat(ProgressBar.eta(100, 1100, 50)).isEqualTo(Duration.ofSeconds(20));
        assertThat(ProgressBar.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }

    @Test
    void gateOptionsParseProviderAndThresholds() {
        RunCommand.GateOption gate = RunCommand.GateOption.parse("provider=smtp-primary,max-deferral=0.1,min-attempts=5");
        assertThat(gate.provider()).isEqualTo("smtp-primary");
        assertThat(gate.policy().maxDeferralRatio()).isEqualTo(0.1);
        assertThat(gate.policy().minAttempts()).isEqualTo(5);
        assertThat(run("run", "--from", "t", "--rate", "5/s", "--gate", "smtp-primary", "--bootstrap-server", "127.0.0.1:1",
                "--timeout", "1s")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--gate expects provider=ID");
    }
}
