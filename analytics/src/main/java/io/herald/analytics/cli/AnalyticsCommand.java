package io.herald.analytics.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald analytics}: the service ({@code serve}), read-only SQL, named reports and Parquet exports. Each query subcommand talks to the
 * analytics HTTP API ({@code --url}, {@code --api-key}) or, for {@code sql} and {@code report}, reads a
 * DuckDB file directly ({@code --db}) when no service holds it open.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Delivery analytics: read-only SQL, named reports and Parquet exports of the outcome store.",
        subcommands = {ServeCommand.class, SqlCommand.class, ReportCommand.class, ExportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:Success.",
                "1:The service or the database failed.",
                "2:Bad usage, or the query was refused (not read-only, no permission)."})
public final class AnalyticsCommand {
    /** The command line the launcher registers and tests run. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AnalyticsCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
