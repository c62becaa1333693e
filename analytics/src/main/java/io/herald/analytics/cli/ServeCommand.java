package io.herald.analytics.cli;

import io.herald.analytics.AnalyticsApp;
import io.herald.analytics.AnalyticsKeys;
import io.herald.analytics.Main;
import io.herald.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald analytics serve --config F}: the sink, reports API and dashboard, one deployable, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the analytics service: the outcome sink into DuckDB, the reports and SQL API, the dashboard.",
                "Reads kafka.*, schema.registry.*, analytics.*, ingest.api-keys and workers.group-prefix (docs/configuration.md). "
                        + "Runs until stopped (Ctrl-C / SIGTERM)."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Herald configuration (properties; see "
            + "docs/configuration.md). Default: $HERALD_CONFIG. Environment variables (HERALD_FOO_BAR for foo.bar) override it.")
    Path configFile;

    @Override
    public Integer call() {
        return Run.guarded(spec, () -> {
            Map<String, String> env = System.getenv();
            Path file = configFile != null ? configFile : ConfigLoader.configFile(new String[0], env);
            AnalyticsApp app = Main.start(new ConfigLoader(AnalyticsKeys.ALL).file(file).env(env).load());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "herald-analytics-shutdown"));
            stopped.await();
        });
    }
}
