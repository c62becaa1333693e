package io.herald.workers;

import io.herald.replay.auto.AutoReplayConfig;
import io.herald.runtime.config.Config;
import io.herald.schemas.config.ProviderKeys;
import io.herald.runtime.logging.DefaultLogging;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the channel workers and the automatic replayer: reads the configuration once ({@code --config FILE} or
 * {@code $HERALD_CONFIG}, overridden by the environment), logs it with secrets masked, starts, stops on shutdown.
 */
public final class Main {
    static {
        // Before any logger exists: INFO, not logback's DEBUG default.
        DefaultLogging.installUnlessConfigured();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        WorkerApp app = start(Config.fromArgs(args, ProviderKeys.withLegacySmsProvider(System.getenv()), WorkerKeys.ALL));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "herald-workers-shutdown"));
    }

    /** Builds and starts the workers from {@code config}; the launcher's {@code herald workers} uses this too. */
    public static WorkerApp start(Config config) {
        config.log(LOG, "workers");
        return new WorkerApp(WorkerConfig.from(config), AutoReplayConfig.from(config), Clock.systemUTC()).start();
    }
}
