package io.herald.replay.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald-replay}: inspect and replay Herald's parked and dead-letter topics. Output goes through the
 * command line's writers, so tests assert both text and exit codes; failures print one line and map to the
 * documented exit codes ({@link ExitCodes}).
 */
@Command(name = "herald-replay", mixinStandardHelpOptions = true, versionProvider = HeraldReplay.Version.class,
        description = "Inspect and replay Herald's parked and dead-letter topics, paced, gated and exactly once.",
        subcommands = {InspectCommand.class, RunCommand.class, StatusCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:Success.",
                "1:Unexpected error.",
                "2:Bad usage, bad filter expression, bad pace or bad configuration.",
                "3:Kafka unreachable within --timeout.",
                "4:Unknown topic.",
                "5:Replay halted by its gate (rerun with the same --id to resume).",
                "6:Replay aborted: failure ratio of replayed messages over the limit.",
                "7:Schema registry error or unreachable."})
public final class HeraldReplay {

    /** The command line with Herald's error handling; tests call this with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HeraldReplay());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = ExitCodes.of(error);
            err.println("error: " + ExitCodes.message(error));
            if (code == ExitCodes.SOFTWARE) error.printStackTrace(err);
            err.flush();
            return code;
        });
        return cli;
    }

    public static void main(String[] args) {
        // Before any logger exists: keep client chatter off stdout, which is the tool's output.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "herald-replay-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HeraldReplay.class.getPackage().getImplementationVersion();
            return new String[]{"herald-replay " + (v == null ? "dev" : v)};
        }
    }
}
