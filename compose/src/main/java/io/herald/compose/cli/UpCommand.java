package io.herald.compose.cli;

import io.herald.compose.LocalStack;
import io.herald.compose.LocalStackConfig;
import io.herald.compose.config.ConfigurationReference;
import io.herald.runtime.config.Config;
import io.herald.schemas.config.ProviderKeys;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code herald up [--config F]}: the whole pipeline in one JVM on the embedded default, printing where to look;
 * Ctrl-C stops everything cleanly (the shutdown hook closes components in reverse order). What the configuration
 * names — Kafka, the registry, email or SMS providers — is used instead of its embedded counterpart.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack: broker, registry, mail and SMS sinks and every Herald service in one JVM.",
                "With --config, anything configured (kafka.bootstrap.servers, schema.registry.url, email.providers, sms.providers)",
                "is used instead of its embedded counterpart; every other key tunes the services as in a deployment."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Stopped cleanly (Ctrl-C).", "1:Unexpected error.",
                "2:Bad configuration (the key and its source are named)."})
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = Herald.environment();
        Config user = config.load(ConfigurationReference.ALL, ProviderKeys.withLegacySmsProvider(env), LocalStack.LOCAL_PROVIDERS);
        LocalStack stack = new LocalStack(LocalStackConfig.from(user), user, env).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "herald-up-shutdown"));
        spec.commandLine().getOut().println(stack.summary());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
