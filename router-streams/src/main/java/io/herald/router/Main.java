package io.herald.router;

import io.herald.runtime.logging.DefaultLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the router: reads configuration from the environment, starts, and stops on shutdown. */
public final class Main {
    static {
        // Before any logger exists (the field below creates one): INFO, not logback's DEBUG default.
        DefaultLogging.installUnlessConfigured();
    }

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
