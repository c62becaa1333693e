package io.herald.analytics;

import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.logging.DefaultLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics service: reads the configuration once ({@code --config FILE} or {@code $HERALD_CONFIG},
 * overridden by the environment), logs it with secrets masked, starts, and stops on shutdown.
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
        AnalyticsApp app;
        try {
            app = start(Config.fromArgs(args, System.getenv(), AnalyticsKeys.ALL));
        } catch (ConfigException e) {
            LOG.error("bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "herald-analytics-shutdown"));
    }

    /** Builds and starts the service from {@code config}; {@code herald analytics serve} uses this too. */
    public static AnalyticsApp start(Config config) {
        config.log(LOG, "analytics");
        return new AnalyticsApp(AnalyticsConfig.from(config)).start();
    }
}
