package io.herald.ingest;

import io.herald.runtime.config.Config;
import io.herald.runtime.logging.DefaultLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest service: reads the configuration once ({@code --config FILE} or {@code $HERALD_CONFIG},
 * overridden by the environment), logs it with secrets masked, builds, starts, stops on shutdown.
 */
public final class Main {
    static {
        // Before any logger exists (the field below creates one): INFO, not logback's DEBUG default.
        DefaultLogging.installUnlessConfigured();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        IngestApp app = start(Config.fromArgs(args, System.getenv(), IngestKeys.ALL));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested");
            app.close();
        }, "ingest-shutdown"));
    }

    /** Builds and starts the ingest service from {@code config}; the launcher's {@code herald ingest} uses this too. */
    public static IngestApp start(Config config) {
        config.log(LOG, "ingest");
        return new IngestApp(IngestConfig.from(config)).start();
    }
}
