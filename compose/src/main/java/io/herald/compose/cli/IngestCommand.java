package io.herald.compose.cli;

import io.herald.ingest.IngestApp;
import io.herald.ingest.IngestKeys;
import io.herald.ingest.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code herald ingest --config F}: the HTTP API, one deployable. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Run the ingest HTTP API (notifications, preferences, status).",
                "Reads kafka.*, schema.registry.* and ingest.* (docs/configuration.md). Runs until stopped (Ctrl-C / SIGTERM)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:Stopped cleanly.",
                "1:Unexpected error.",
                "2:Bad configuration (the key and its source are named)."})
final class IngestCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        IngestApp app = Main.start(config.load(IngestKeys.ALL, Herald.environment()));
        return Services.runUntilStopped(app, "ingest");
    }
}
