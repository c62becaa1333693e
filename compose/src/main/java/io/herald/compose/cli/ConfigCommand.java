package io.herald.compose.cli;

import io.herald.compose.config.ConfigurationReference;
import io.herald.runtime.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald config show|reference}: the effective configuration (secrets masked), and the key reference. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the effective configuration, or print the reference of every key.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Reference.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Success.", "2:Bad usage or bad configuration (the key is named)."})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Herald.USAGE;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print every key's effective value and where it came from (file, environment, default); secrets masked.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Printed.", "2:Bad configuration (the key is named)."})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            Config c = config.load(ConfigurationReference.ALL, Herald.environment());
            c.describe().forEach(spec.commandLine().getOut()::println);
            c.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            return 0;
        }
    }

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Print the Markdown reference of every key (docs/configuration.md is this output).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Printed."})
    static final class Reference implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigurationReference.markdown());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
