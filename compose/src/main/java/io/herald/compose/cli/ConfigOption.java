package io.herald.compose.cli;

import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import io.herald.runtime.config.KeyCatalogue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every subcommand that reads Herald's configuration. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Herald configuration (properties; see docs/configuration.md). Default: $HERALD_CONFIG. "
                    + "Environment variables (HERALD_FOO_BAR for foo.bar) override it.")
    Path file;

    /** The configuration of {@code catalogues} from the file (if any) and {@code env}. */
    Config load(List<KeyCatalogue> catalogues, Map<String, String> env) {
        return load(catalogues, env, Map.of());
    }

    /** The same, with values below the file and the environment ({@link ConfigLoader#defaults}). */
    Config load(List<KeyCatalogue> catalogues, Map<String, String> env, Map<String, String> defaults) {
        Path chosen = file != null ? file : ConfigLoader.configFile(new String[0], env);
        return new ConfigLoader(catalogues).defaults(defaults).file(chosen).env(env).load();
    }
}
