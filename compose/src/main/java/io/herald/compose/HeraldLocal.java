package io.herald.compose;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./bin/herald-local}: starts the local stack, prints where to look, and stops everything
 * cleanly on Ctrl-C (the shutdown hook closes components in reverse order).
 */
public final class HeraldLocal {
    private HeraldLocal() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStackConfig config = LocalStackConfig.fromEnv(System.getenv());
        LocalStack stack = new LocalStack(config, System.getenv()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "herald-local-shutdown"));
        System.out.println(stack.summary());
        stopped.await();
    }
}
