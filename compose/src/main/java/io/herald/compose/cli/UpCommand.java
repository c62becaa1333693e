package io.herald.compose.cli;

import io.herald.compose.LocalStack;
import io.herald.compose.LocalStackConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code herald up}: the whole pipeline in one JVM on the embedded default, printing where to look;
 * Ctrl-C stops everything cleanly (the shutdown hook closes components in reverse order).
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack: broker, registry, mail and SMS sinks and every Herald service in one JVM.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Stopped cleanly (Ctrl-C).", "1:Unexpected error.",
                "2:Bad configuration (the key and its source are named)."})
final class UpCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        LocalStackConfig config = LocalStackConfig.fromEnv(System.getenv());
        LocalStack stack = new LocalStack(config, System.getenv()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "herald-up-shutdown"));
        System.out.println(stack.summary());
        stopped.await();
        return 0;
    }
}
