package io.herald.compose.cli;

import io.herald.router.Main;
import io.herald.router.RouterApp;
import io.herald.router.RouterKeys;
import io.herald.schemas.config.ProviderKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code herald router --config F}: the Kafka Streams router, one deployable. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Run the router (Kafka Streams: dedup, expiry, consent, lanes, channel and provider choice, health, parking).",
                "Reads kafka.*, schema.registry.*, email/sms providers, router.* and health.* (docs/configuration.md).",
                "Runs until stopped (Ctrl-C / SIGTERM)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:Stopped cleanly.",
                "1:Unexpected error.",
                "2:Bad configuration (the key and its source are named)."})
final class RouterCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        RouterApp app = Main.start(config.load(RouterKeys.ALL, ProviderKeys.withLegacySmsProvider(Herald.environment())));
        return Services.runUntilStopped(app, "router");
    }
}
