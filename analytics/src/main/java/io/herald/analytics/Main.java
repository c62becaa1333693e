package io.herald.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the analytics service from the environment until the JVM is asked to stop. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        AnalyticsConfig config;
        try {
            config = AnalyticsConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        AnalyticsApp app = new AnalyticsApp(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "herald-analytics-shutdown"));
    }
}
