package io.herald.ingest;

import io.herald.runtime.logging.DefaultLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingest service: reads config from the environment, builds, starts, stops on shutdown. */
public final class Main {
    static {
        // Before any logger exists (the field below creates one): INFO, not logback's DEBUG default.
        DefaultLogging.installUnlessConfigured();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        IngestConfig config = IngestConfig.fromEnv(System.getenv());
        IngestApp app = new IngestApp(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested");
            app.close();
        }, "ingest-shutdown"));
        app.start();
    }
}
