package io.herald.compose.faults;

import static org.awaitility.Awaitility.await;

import io.herald.compose.LocalStack;
import io.herald.compose.LocalStackConfig;
import io.herald.compose.ServiceEnvironment;
import io.herald.compose.config.ConfigurationReference;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.registry.ApicurioRegistry;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.ingest.IngestApp;
import io.herald.ingest.IngestConfig;
import io.herald.router.RouterKeys;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.Topics;
import io.herald.workers.WorkerKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Herald deployed as it runs in production, on the devkit: the router and the channel workers each in its own JVM
 * ({@link ServiceProcess}, so a fault can {@code kill -9} them), reading one properties file; the ingest API, the
 * broker (on a log dir of its own, so it can be stopped and started on it), the registry (H2 in a data dir, so it
 * can be down and come back with the same schema ids), two SMTP sinks and the Twilio stub in the test JVM.
 *
 * <p>One stack serves every fault test of the fault JVM (it lives in JUnit's root store and is closed after the
 * last one, failed or not); each test puts back whatever its fault took away ({@link #restore()}) and reconciles
 * only the notifications it posted itself.
 */
final class FaultStack implements AutoCloseable {
    static final String API_KEY = "herald-local-key";
    private static final Duration READY = Duration.ofMinutes(3);

    private final Path dir;
    private EmbeddedKafka kafka;
    private ApicurioRegistry registry;
    private ScriptedSmtpServer smtpPrimary;
    private ScriptedSmtpServer smtpSecondary;
    private TwilioStub twilio;
    private Config config;
    private Path configFile;
    private ServiceProcess router;
    private ServiceProcess workers;
    private IngestApp ingest;
    private Topics topics;
    private Thread killChildren;

    private FaultStack(Path dir) {
        this.dir = dir;
    }

    /** Starts everything and waits until the router, the workers and the ingest API are ready. */
    static FaultStack start(Path dir) {
        FaultStack stack = new FaultStack(dir);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        // The open transaction of a killed process is aborted after transaction.timeout.ms; the broker looks for
        // such transactions every 10 s by default, which would add up to 10 s to every kill test.
        kafka = EmbeddedKafka.builder().logDir(dir.resolve("kafka"))
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", 1000).build().start();
        registry = ApicurioRegistry.builder().workDir(dir.resolve("registry")).dataDir(dir.resolve("registry-data")).build().start();
        smtpPrimary = ScriptedSmtpServer.builder().build().start();
        smtpSecondary = ScriptedSmtpServer.builder().build().start();
        twilio = TwilioStub.builder().build().start();

        LocalStackConfig local = LocalStackConfig.ephemeral(dir);
        int routerPort = ServiceEnvironment.portOrFree(0);
        int workersPort = ServiceEnvironment.portOrFree(0);
        ServiceEnvironment.Addresses addresses = new ServiceEnvironment.Addresses(kafka.bootstrapServers(), registry.confluentApiUrl(),
                ServiceEnvironment.portOrFree(0), routerPort, workersPort, smtpPrimary.port(), smtpSecondary.port(),
                twilio.baseUrl(), twilio.accountSid(), twilio.authToken(), 0);
        Map<String, String> tuning = new LinkedHashMap<>();
        // A killed member is noticed after session.timeout.ms (45 s by default): the broker's minimum keeps the
        // restarted process from waiting for its dead predecessor's slot most of a test long.
        tuning.put("kafka.session.timeout.ms", "6000");
        tuning.put("kafka.heartbeat.interval.ms", "1500");
        // A stable instance id gives the restarted workers the same transactional ids: they fence the dead one's.
        tuning.put(WorkerKeys.INSTANCE_ID.name(), "fault-workers");
        Config user = new ConfigLoader(ConfigurationReference.ALL).defaults(LocalStack.LOCAL_PROVIDERS).load();
        Map<String, String> keys = new LinkedHashMap<>(tuning);
        keys.putAll(ServiceEnvironment.overrides(local, addresses, user));
        keys.put(RouterKeys.STATE_DIR.name(), dir.resolve("router-state").toAbsolutePath().toString());
        configFile = write(dir.resolve("herald.properties"), keys);
        config = new ConfigLoader(ConfigurationReference.ALL).defaults(LocalStack.LOCAL_PROVIDERS).file(configFile).load();

        provisionTopics();
        topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())));
        router = new ServiceProcess("router", configFile, dir.resolve("logs/router.log"), routerPort).start();
        workers = new ServiceProcess("workers", configFile, dir.resolve("logs/workers.log"), workersPort).start();
        killChildren = new Thread(() -> {
            // The test JVM is ending (or was asked to): the service JVMs must not outlive it.
            router.kill();
            workers.kill();
        }, "fault-stack-kill-children");
        Runtime.getRuntime().addShutdownHook(killChildren);
        ingest = new IngestApp(IngestConfig.from(config)).start();
        awaitReady();
    }

    private void provisionTopics() {
        Map<String, Object> admin = new HashMap<>(config.kafka());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            new TopicProvisioner(client).provision(TopicLayout.from(config).specs());
        }
    }

    /** Waits until the router, the workers and the ingest API all say ready. */
    void awaitReady() {
        await("router, workers and ingest ready (logs: " + dir.resolve("logs") + ")").atMost(READY).pollInterval(Duration.ofMillis(500))
                .until(() -> router.ready() && workers.ready() && ingest.ready());
    }

    /**
     * Puts back what a fault took away, whatever state the test left: broker and registry running, both service
     * processes running and ready. Called by each fault test's {@code @AfterAll}, failed or not.
     */
    void restore() {
        if (!kafka.isRunning()) kafka.start();
        if (!registry.isRunning()) registry.start();
        smtpPrimary.clearScripts();
        smtpSecondary.clearScripts();
        if (!router.alive()) router.start();
        if (!workers.alive()) workers.start();
        try {
            await("router, workers and ingest ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> router.ready() && workers.ready() && ingest.ready());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // A service that does not come back by itself is started afresh: the next test needs a working stack, and
            // the test that broke it has already said what broke.
            System.err.println("fault stack: restarting what is not ready after the fault (router ready " + router.ready()
                    + ", workers ready " + workers.ready() + ")");
            if (!router.ready()) restart(router);
            if (!workers.ready()) restart(workers);
            awaitReady();
        }
    }

    /** Restarts the workers' JVM with {@code env} on top of the file (empty: as configured), waiting until all is ready. */
    void restartWorkers(Map<String, String> env) {
        workers.kill();
        workers.start(env);
        awaitReady();
    }

    private static void restart(ServiceProcess service) {
        service.kill();
        service.start();
    }

    /** {@code kill -9} of both service JVMs and a fresh start of each, for a test that must not hand on what a fault left. */
    void restartServices() {
        if (!kafka.isRunning()) kafka.start();
        if (!registry.isRunning()) registry.start();
        restart(router);
        restart(workers);
        restore();
    }

    private static Path write(Path file, Map<String, String> keys) {
        Properties props = new Properties();
        props.putAll(keys);
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Herald fault-injection suite: router and workers read this file (herald <role> --config)");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    ApicurioRegistry registry() {
        return registry;
    }

    ScriptedSmtpServer smtpPrimary() {
        return smtpPrimary;
    }

    ScriptedSmtpServer smtpSecondary() {
        return smtpSecondary;
    }

    TwilioStub twilio() {
        return twilio;
    }

    ServiceProcess router() {
        return router;
    }

    ServiceProcess workers() {
        return workers;
    }

    IngestApp ingest() {
        return ingest;
    }

    Topics topics() {
        return topics;
    }

    Config config() {
        return config;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        // Children first: they must never outlive the run, whatever else fails to stop.
        for (AutoCloseable part : new AutoCloseable[]{router, workers, ingest, twilio, smtpSecondary, smtpPrimary, registry, kafka}) {
            if (part == null) continue;
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("fault stack: stopping " + part.getClass().getSimpleName() + " failed: " + e);
            }
        }
        if (killChildren != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killChildren);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs or ran anyway.
            }
        }
    }
}
