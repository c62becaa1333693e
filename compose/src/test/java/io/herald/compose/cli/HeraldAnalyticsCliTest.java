package io.herald.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HeraldAnalyticsCliTest {
    @Test
    void theLauncherOffersAnalyticsWithItsServiceAndItsThreeQuerySubcommands() {
        StringWriter out = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("analytics", "--help")).isZero();
        assertThat(out.toString()).contains("serve").contains("sql").contains("report").contains("export");
    }

    @Test
    void anUnreachableApiIsAFailureWithAReason() {
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setErr(new PrintWriter(err, true));
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        assertThat(cli.execute("analytics", "sql", "--url", "http://127.0.0.1:9", "SELECT 1")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the analytics API");
    }
}
