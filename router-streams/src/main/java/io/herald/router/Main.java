package io.herald.router;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the router: reads configuration from the environment, starts, and stops on shutdown. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        RouterApp app = new RouterApp(RouterConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested");
            app.close();
        }, "router-shutdown"));
        app.start();
    }
}
