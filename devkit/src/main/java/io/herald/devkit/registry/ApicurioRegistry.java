package io.herald.devkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry running as a child process on a loopback port, for local runs and
 * integration tests. Herald talks to it only through its Confluent-compatible API. Its storage is
 * in memory, or an H2 database in {@link Builder#dataDir(Path)}: then {@link #stop()} followed by
 * {@link #start()} brings the same registry back on the same port with the same schemas and ids, which
 * is how tests simulate "registry down, then back".
 *
 * <p>It is a separate process because Apicurio is a Quarkus application with its own class path of
 * ~300 jars; {@link #start()} waits until that API answers and sets the global compatibility to
 * {@code BACKWARD} (Apicurio's default is {@code NONE}, which would hide breaking contract changes).
 * The process is destroyed on {@link #close()} and, as a safety net, when this JVM exits normally.
 *
 * <pre>{@code
 * try (ApicurioRegistry registry = ApicurioRegistry.builder().build().start()) {
 *     client = new RegistryClient(registry.confluentApiUrl());
 * }
 * }</pre>
 */
public final class ApicurioRegistry implements SchemaRegistryEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String HOST = "127.0.0.1";
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final int LOG_TAIL_LINES = 40;

    private final Path home;
    private final Path workDir;
    private final Path dataDir;
    private final Duration startupTimeout;
    private final HttpClient http = HttpClient.newBuilder()
            // HTTP/1.1: the JDK's default h2c upgrade attempt only adds a round trip on plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private int port;
    private Process process;
    private Thread shutdownHook;

    private ApicurioRegistry(Builder builder) {
        this.home = builder.home != null ? builder.home : ApicurioDistribution.locate(
                ApicurioDistribution.configuredHome(System.getProperties(), System.getenv()),
                buildInfo(), Path.of(System.getProperty("user.home"), ".cache", "herald"));
        this.workDir = builder.workDir != null ? builder.workDir : defaultWorkDir();
        this.dataDir = builder.dataDir;
        this.startupTimeout = builder.startupTimeout;
        this.port = builder.port;
    }

    /** Starts describing a registry; nothing runs until {@link #start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Launches the registry, waits until its Confluent API answers, and sets global compatibility
     * to {@code BACKWARD}. Does nothing if already running.
     *
     * @return this, for {@code builder().build().start()}
     * @throws IllegalStateException if it exits or is not ready in time; the message ends with its log
     */
    public synchronized ApicurioRegistry start() {
        if (process != null) {
            return this;
        }
        port = port == 0 ? freePort() : port;
        Path log = logFile();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.host=" + HOST,
                "-Dquarkus.http.port=" + port,
                "-jar", ApicurioDistribution.runnerJar(home).toString());
        long started = System.nanoTime();
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                // Apicurio's "in-memory" storage is H2 in memory; the same H2 in a file survives a restart.
                builder.environment().put("REGISTRY_DATASOURCE_URL", h2Url(dataDir));
            }
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + command, e);
        }
        shutdownHook = new Thread(this::destroyProcessTree, "apicurio-registry-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady();
            RegistryHttp.setGlobalCompatibility(http, URI.create(confluentApiUrl()), "BACKWARD");
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Apicurio Registry on " + url() + " failed to start: "
                    + e.getMessage() + "\n--- last lines of " + log + " ---\n" + tail(log), e);
        }
        LOG.info("Apicurio Registry ready on {} in {} ms (log {})", url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), log);
        return this;
    }

    /** The registry's base URL, e.g. {@code http://127.0.0.1:41234}. */
    @Override
    public synchronized String url() {
        if (port == 0) {
            throw new IllegalStateException("the registry has not been started yet, so it has no port");
        }
        return "http://" + HOST + ":" + port;
    }

    /** The Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    @Override
    public String confluentApiUrl() {
        return url() + CCOMPAT_PATH;
    }

    /** Whether the child process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Where the registry's stdout and stderr go. */
    public Path logFile() {
        return workDir.resolve("apicurio-" + port + ".log");
    }

    /** The directory holding the runner jar this instance launches. */
    public Path home() {
        return home;
    }

    /**
     * Stops the registry process (cleanly, so H2 closes its files) and keeps its port for the next
     * {@link #start()}: clients see connections refused meanwhile. With a {@link Builder#dataDir(Path)}
     * the schemas and their ids come back on start; without one they are gone. Does nothing if not running.
     */
    public synchronized void stop() {
        close();
    }

    /** Where the schemas are kept across restarts; empty for in-memory storage. */
    public java.util.Optional<Path> dataDir() {
        return java.util.Optional.ofNullable(dataDir);
    }

    /** The JDBC URL of the H2 file database in {@code dir}. */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry").toString().replace('\\', '/');
    }

    /** Destroys the registry process and its descendants; without a data dir its schemas are gone. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        destroyProcessTree();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is running or has run: nothing to undo.
        }
        process = null;
        LOG.info("Apicurio Registry on {} stopped", url());
    }

    @Override
    public String toString() {
        return "ApicurioRegistry[" + (port == 0 ? "not started" : url()) + ", " + home + "]";
    }

    private void awaitReady() {
        URI subjects = URI.create(confluentApiUrl() + "/subjects");
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (!RegistryHttp.answersOk(http, subjects)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with code " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + startupTimeout);
            }
            try {
                // A pause that ends at once if the registry dies, so a crash is reported immediately.
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the registry", e);
            }
        }
    }

    private void destroyProcessTree() {
        Process p = process;
        if (p == null) {
            return;
        }
        // Descendants first: once the parent is gone they would be re-parented and hard to find.
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static Properties buildInfo() {
        Properties properties = new Properties();
        try (InputStream in = ApicurioRegistry.class.getResourceAsStream(ApicurioDistribution.BUILD_INFO_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}; falling back to defaults", ApicurioDistribution.BUILD_INFO_RESOURCE, e);
        }
        return properties;
    }

    private static Path defaultWorkDir() {
        // herald.devkit.workdir is set by the build to target/devkit, next to the module's other output.
        String configured = System.getProperty("herald.devkit.workdir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "herald-devkit");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Describes an {@link ApicurioRegistry}; every setting has a default that suits tests. */
    public static final class Builder {
        private Path home;
        private Path workDir;
        private Path dataDir;
        private int port;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The unpacked runner bundle; by default found as described in {@code DESIGN.md}. */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** Where the registry's log goes; default {@code herald.devkit.workdir} or a temp directory. */
        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Keeps the schemas in an H2 database in {@code dir} instead of memory, so they (and their ids)
         * survive {@link ApicurioRegistry#stop()} and a later {@link ApicurioRegistry#start()}.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A fixed HTTP port (e.g. 8081 for the local stack); 0, the default, picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /** How long {@link ApicurioRegistry#start()} waits for the API; default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive but was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** Resolves the runner bundle (unpacking it if needed) without starting anything. */
        public ApicurioRegistry build() {
            return new ApicurioRegistry(this);
        }
    }
}
