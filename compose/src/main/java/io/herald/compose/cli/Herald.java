package io.herald.compose.cli;

import io.herald.replay.cli.HeraldReplay;
import io.herald.runtime.config.ConfigException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald}: the one launcher. Each subcommand is a {@code Callable<Integer>} in its own class and is
 * registered in {@link #commandLine()}, so tests run the same command line a user does, with their own
 * writers, and assert both the exit code and the text.
 */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Herald.Version.class,
        description = "Herald: a Kafka-native notification pipeline that keeps notifications flowing through provider outages.",
        subcommands = {UpCommand.class, RouterCommand.class, WorkersCommand.class, IngestCommand.class, TopicsCommand.class,
                ConfigCommand.class, SinksCommand.class, DrillCommand.class, ControlCli.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:Success.",
                "1:Unexpected error, or a drill whose promises were broken.",
                "2:Bad usage or bad configuration."})
public final class Herald {
    /** Bad usage or bad configuration. */
    static final int USAGE = 2;

    /** The command line every entry point and test uses. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Herald());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A bad configuration value is the operator's to fix: one line naming the key and its source, exit 2.
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof ConfigException) {
                    commandLine.getErr().println("error: " + t.getMessage());
                    commandLine.getErr().flush();
                    return USAGE;
                }
            }
            throw error;
        });
        // The operators' replay tool, unchanged, as `herald replay …` (added after the handler above: it keeps its own).
        cli.addSubcommand("replay", HeraldReplay.commandLine());
        cli.addSubcommand("analytics", io.herald.analytics.cli.AnalyticsCommand.commandLine());
        cli.addSubcommand("bench", new io.herald.compose.bench.BenchCommand());
        cli.addSubcommand("webhook", new WebhookCommand());
        return cli;
    }

    /** The process environment (configuration overrides). */
    static Map<String, String> environment() {
        return System.getenv();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Herald.class.getPackage().getImplementationVersion();
            return new String[]{"herald " + (v == null ? "dev" : v)};
        }
    }
}
