package io.herald.compose.cli;

import io.herald.schemas.config.ProviderKeys;
import io.herald.workers.Main;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code herald workers --config F}: email, SMS and webhook delivery with the automatic replayer, one deployable. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = {"Run the channel workers (email, SMS, webhook delivery; retries; provider probes) and the automatic replayer.",
                "Reads kafka.*, schema.registry.*, email/sms providers, retry.*, workers.*, webhook.* and auto-replay.*",
                "(docs/configuration.md). Runs until stopped (Ctrl-C / SIGTERM)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:Stopped cleanly.",
                "1:Unexpected error.",
                "2:Bad configuration (the key and its source are named)."})
final class WorkersCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        WorkerApp app = Main.start(config.load(WorkerKeys.ALL, ProviderKeys.withLegacySmsProvider(Herald.environment())));
        return Services.runUntilStopped(app, "workers");
    }
}
