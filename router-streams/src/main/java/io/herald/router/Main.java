package io.herald.router;

import io.herald.runtime.config.Config;
import io.herald.schemas.config.ProviderKeys;
import io.herald.runtime.logging.DefaultLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router: reads the configuration once ({@code --config FILE} or {@code $HERALD_CONFIG}, overridden by
 * the environment), logs it with secrets masked, starts, and stops on shutdown.
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
        RouterApp app = start(Config.fromArgs(args, ProviderKeys.withLegacySmsProvider(System.getenv()), RouterKeys.ALL));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested");
            app.close();
        }, "router-shutdown"));
    }

    /** Builds and starts the router from {@code config}; the launcher's {@code herald router} uses this too. */
    public static RouterApp start(Config config) {
        config.log(LOG, "router");
        return new RouterApp(RouterConfig.from(config)).start();
    }
}
