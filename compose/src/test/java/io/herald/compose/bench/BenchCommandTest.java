package io.herald.compose.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.compose.cli.Herald;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line only: the benchmark itself is a program, run by hand (docs/benchmarks.md). */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void bench_is_a_herald_subcommand_with_help() {
        assertThat(run("bench", "-h")).isZero();
        assertThat(out.toString()).contains("--requests").contains("--bulk").contains("--critical-rate").contains("--runs");
    }

    @Test
    void a_non_positive_setting_is_bad_usage_naming_the_option() {
        assertThat(run("bench", "--runs", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--runs must be positive, was 0");
    }

    @Test
    void an_unknown_bulk_phase_is_bad_usage_naming_the_choices() {
        assertThat(run("bench", "--bulk-phases", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--bulk-phases must be routed, queued or both, was 'sideways'");
    }

    @Test
    void bulk_phases_read_in_any_case() {
        BenchCommand.BulkPhasesConverter converter = new BenchCommand.BulkPhasesConverter();
        assertThat(converter.convert("Routed")).isEqualTo(BenchSettings.BulkPhases.ROUTED);
        assertThat(converter.convert("queued")).isEqualTo(BenchSettings.BulkPhases.QUEUED);
        assertThat(converter.convert("BOTH")).isEqualTo(BenchSettings.BulkPhases.BOTH);
    }
}
