package io.herald.workers;

import io.herald.replay.auto.AutoReplayConfig;
import io.herald.runtime.logging.DefaultLogging;
import java.time.Clock;

/** Runs the channel workers and the automatic replayer: reads the config from the environment, starts, stops on shutdown. */
public final class Main {
    static {
        // Before any logger exists: INFO, not logback's DEBUG default.
        DefaultLogging.installUnlessConfigured();
    }

    private Main() {
    }

    public static void main(String[] args) {
        WorkerApp app = new WorkerApp(WorkerConfig.fromEnv(System.getenv()), AutoReplayConfig.fromEnv(System.getenv()),
                Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "herald-workers-shutdown"));
        app.start();
    }
}
