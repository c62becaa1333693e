package io.herald.compose.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a started deployable until the JVM is asked to stop, then closes it. */
final class Services {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);

    private Services() {
    }

    /** Blocks until shutdown (Ctrl-C, SIGTERM); the hook closes {@code service} and lets the command return 0. */
    static int runUntilStopped(AutoCloseable service, String name) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{}: shutdown requested", name);
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("{}: closing failed: {}", name, e.toString());
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
        return 0;
    }
}
