package io.herald.devkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one node) running inside this
 * JVM on loopback ports, built from the Apache Kafka artifacts.
 *
 * <p>Ports and the log directory are fixed on the first {@link #start()}, so {@link #stop()}
 * followed by {@link #start()} brings the same broker back on the same address with its data:
 * that is how tests simulate "Kafka down, then back". {@link #close()} stops the broker and
 * deletes the log directory if this instance created it.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *     kafka.createTopic("notify.request.v1", 3);
 *     producerProps.putAll(kafka.clientProperties());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements KafkaCluster, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final boolean ownsLogDir;
    private final Map<String, Object> overrides;
    private final boolean autoCreateTopics;
    private final Duration startupTimeout;
    private int brokerPort;
    private int controllerPort;
    private String clusterId;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        this.ownsLogDir = builder.logDir == null;
        this.logDir = ownsLogDir ? createTempLogDir() : builder.logDir;
        this.overrides = Map.copyOf(builder.overrides);
        this.autoCreateTopics = builder.autoCreateTopics;
        this.startupTimeout = builder.startupTimeout;
        this.brokerPort = builder.brokerPort;
        // Validate overrides now rather than at start(), where the mistake would look like a broker failure.
        BrokerProperties.build(logDir, 0, 0, autoCreateTopics, overrides);
    }

    /** Starts describing a broker; nothing runs until {@link #start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directory if needed, starts the node and returns once a client can see the
     * broker. Does nothing if already running.
     *
     * @return this, for {@code builder().build().start()}
     * @throws IllegalStateException if the broker does not become ready within the start-up timeout
     */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        BrokerLogging.quiet();
        if (controllerPort == 0) {
            // Chosen once, then kept: a restart must come back where clients expect it.
            brokerPort = brokerPort == 0 ? freePort() : brokerPort;
            // The broker's port is free again until Kafka binds it, so the next free port can be that one (seen in
            // herald bench: "two listeners on the same port"): ask again until they differ.
            do {
                controllerPort = freePort();
            } while (controllerPort == brokerPort);
        }
        long started = System.nanoTime();
        clusterId = LogDirs.format(logDir);
        KafkaConfig config = new KafkaConfig(
                BrokerProperties.build(logDir, brokerPort, controllerPort, autoCreateTopics, overrides), false);
        KafkaRaftServer candidate = null;
        try {
            candidate = new KafkaRaftServer(config, Time.SYSTEM);
            candidate.startup();
            server = candidate;
            awaitBrokerVisible();
        } catch (RuntimeException e) {
            // Release ports and threads of a half-started node, so a retry can bind the same ports.
            if (candidate != null) {
                shutDown(candidate);
            }
            server = null;
            throw new IllegalStateException("embedded Kafka did not start on " + bootstrapServers()
                    + " with log dir " + logDir, e);
        }
        LOG.info("Embedded Kafka {} ready on {} in {} ms (log dir {})", clusterId, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir);
        return this;
    }

    /**
     * Shuts the broker down cleanly and waits until it has; its data stays in the log directory and
     * its ports stay reserved for the next {@link #start()}. Does nothing if not running.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutDown(server);
        server = null;
        LOG.info("Embedded Kafka {} stopped ({})", clusterId, bootstrapServers());
    }

    /** {@link #stop()} then {@link #start()}: same port, same data, same cluster id. */
    public synchronized EmbeddedKafka restart() {
        stop();
        return start();
    }

    /** Whether the broker is started and has not been stopped since. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * The address clients use. Known once the broker has been started; it does not change on
     * restart, so clients built while the broker is down keep pointing at the right place.
     */
    @Override
    public synchronized String bootstrapServers() {
        if (brokerPort == 0) {
            throw new IllegalStateException("embedded Kafka has not been started yet, so it has no port");
        }
        return BrokerProperties.HOST + ":" + brokerPort;
    }

    /** The directory holding both the data and the KRaft metadata log. */
    public Path logDir() {
        return logDir;
    }

    /** The KRaft cluster id, stable across restarts on the same log directory; null before the first start. */
    public synchronized String clusterId() {
        return clusterId;
    }

    /** Stops the broker and deletes its log directory if this instance created it. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsLogDir) {
            LogDirs.delete(logDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + (brokerPort == 0 ? "not started" : BrokerProperties.HOST + ":" + brokerPort)
                + ", " + logDir + "]";
    }

    private void awaitBrokerVisible() {
        // startup() already waits for the broker to be unfenced; asking through a real client as
        // well proves the PLAINTEXT listener answers, which is what every caller needs next.
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) startupTimeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) startupTimeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster().nodes().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS).size();
            if (brokers != 1) {
                throw new IllegalStateException("expected 1 live broker, the controller reports " + brokers);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("broker not visible to clients within " + startupTimeout, e);
        }
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() {
        // The port is released before Kafka binds it; a race with another process is possible but
        // rare on loopback, and start() then fails loudly naming the address.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BrokerProperties.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path createTempLogDir() {
        try {
            // herald.devkit.workdir (set by the build to target/devkit) keeps test data inside the
            // module, where 'mvn clean' removes whatever a killed JVM left behind.
            String workDir = System.getProperty("herald.devkit.workdir");
            if (workDir == null) {
                return Files.createTempDirectory("herald-kafka-");
            }
            Path base = Files.createDirectories(Path.of(workDir));
            return Files.createTempDirectory(base, "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka log dir", e);
        }
    }

    /** Describes an {@link EmbeddedKafka}; every setting has a default that suits tests. */
    public static final class Builder {
        private Path logDir;
        private final Map<String, Object> overrides = new LinkedHashMap<>();
        private boolean autoCreateTopics;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private int brokerPort;

        private Builder() {
        }

        /** Keeps data in {@code dir} across JVMs; by default a temporary directory is used and deleted on close. */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Any broker setting, e.g. {@code log.retention.ms}; node identity and listeners are not overridable. */
        public Builder brokerProperty(String key, Object value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Adds every entry as with {@link #brokerProperty(String, Object)}. */
        public Builder brokerProperties(Map<String, ?> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** Lets the broker create topics on first use; off by default so topic provisioning is exercised. */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /** A fixed client port (e.g. 9092 for the local stack); 0, the default, picks a free one. */
        public Builder brokerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("brokerPort must be 0..65535 but was " + port);
            }
            this.brokerPort = port;
            return this;
        }

        /** How long {@link EmbeddedKafka#start()} waits for clients to see the broker; default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive but was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** Creates the (not yet started) broker, rejecting overrides of node identity settings. */
        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
