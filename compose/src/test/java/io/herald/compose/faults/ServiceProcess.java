package io.herald.compose.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Herald service ({@code herald router|workers --config F}) in its own JVM, started from the test's class path
 * exactly as {@code bin/herald} starts it, so that {@link #kill()} is a real {@code kill -9}: no shutdown hook, no
 * flush, no transaction abort, whatever was in flight is left as it was.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String role;
    private final Path config;
    private final Path log;
    private final int httpPort;
    private Process process;
    private int starts;

    /**
     * @param role     {@code router} or {@code workers}
     * @param config   the properties file the service reads ({@code --config})
     * @param log      where its stdout and stderr go (appended across restarts)
     * @param httpPort its health port ({@code /health/ready})
     */
    ServiceProcess(String role, Path config, Path log, int httpPort) {
        this.role = role;
        this.config = config;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Launches the JVM; returns at once (see {@link #ready()}). */
    synchronized ServiceProcess start() {
        return start(Map.of());
    }

    /**
     * Launches the JVM with {@code env} ({@code HERALD_*} overrides of the file, e.g. a slower provider for one test);
     * returns at once.
     */
    synchronized ServiceProcess start(Map<String, String> env) {
        if (process != null && process.isAlive()) return this;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and serial: the machine's two cores are shared by the broker, the registry and both services.
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.herald.compose.cli.Herald", role, "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only the file configures the service: a HERALD_* variable of the machine running the build must not.
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, System.lineSeparator() + "=== start " + (++starts) + " of " + role + " " + env.keySet() + " ===" + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + role, e);
        }
        return this;
    }

    /** {@code kill -9}: SIGKILL, then waits until the process is gone. */
    synchronized void kill() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(role + " survived SIGKILL for 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the JVM is running. */
    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The process id, for the report. */
    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Whether the service answers 200 on {@code /health/ready}. */
    boolean ready() {
        if (!alive()) return false;
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where its output goes: the first place to look when a fault test fails. */
    Path log() {
        return log;
    }

    String role() {
        return role;
    }

    /** Kills the process (the suite's teardown: it must never outlive the test JVM's run). */
    @Override
    public void close() {
        kill();
    }
}
