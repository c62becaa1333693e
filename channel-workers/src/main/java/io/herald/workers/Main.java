package io.herald.workers;

import io.herald.replay.auto.AutoReplayConfig;
import java.time.Clock;

/** Runs the channel workers and the automatic replayer: reads the config from the environment, starts, stops on shutdown. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        WorkerApp app = new WorkerApp(WorkerConfig.fromEnv(System.getenv()), AutoReplayConfig.fromEnv(System.getenv()),
                Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "herald-workers-shutdown"));
        app.start();
    }
}
