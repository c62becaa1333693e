package io.herald.compose;

import io.herald.analytics.AnalyticsApp;
import io.herald.analytics.AnalyticsConfig;
import io.herald.compose.sinks.SinkConsole;
import io.herald.compose.sinks.SinkFaults;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.registry.ApicurioRegistry;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.devkit.webhook.WebhookReceiver;
import io.herald.ingest.IngestApp;
import io.herald.ingest.IngestConfig;
import io.herald.router.RouterApp;
import io.herald.router.RouterConfig;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.replay.auto.AutoReplayConfig;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's whole pipeline in one JVM on the devkit: a KRaft broker, the schema registry, Herald's
 * topics, local mail sinks for two SMTP providers and an SMS sink speaking Twilio's API, then the
 * router, the channel workers (with the automatic paced replayer) and the ingest API. Components
 * start in dependency order and close in reverse.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackConfig config;
    private final Map<String, String> userEnv;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private ApicurioRegistry registry;
    private ScriptedSmtpServer smtpPrimary;
    private ScriptedSmtpServer smtpSecondary;
    private TwilioStub twilio;
    private SinkConsole sinks;
    private WebhookReceiver webhooks;
    private TopicProvisioner.Report topics;
    private RouterApp router;
    private WorkerApp workers;
    private IngestApp ingest;
    private AnalyticsApp analytics;
    private Map<String, String> serviceEnv;

    public LocalStack(LocalStackConfig config) {
        this(config, Map.of());
    }

    /** @param userEnv the user's {@code HERALD_*}/{@code KAFKA_*} tuning, passed on to the services */
    public LocalStack(LocalStackConfig config, Map<String, String> userEnv) {
        this.config = config;
        this.userEnv = Map.copyOf(userEnv);
    }

    /** Starts every component; on any failure closes what already started and rethrows. */
    public LocalStack start() {
        try {
            Files.createDirectories(config.workDir());
            // The registry keeps schemas in memory, so old broker data (and the router's state built from
            // it) would carry schema ids the new registry never issued: every local run starts empty.
            deleteRecursively(config.workDir().resolve("kafka"));
            deleteRecursively(config.workDir().resolve("router-state"));
            deleteRecursively(config.workDir().resolve("analytics"));
            startInfrastructure();
            serviceEnv = ServiceEnvironment.of(config, new ServiceEnvironment.Addresses(kafka.bootstrapServers(),
                    registry.confluentApiUrl(), ServiceEnvironment.portOrFree(config.ingestPort()),
                    ServiceEnvironment.portOrFree(config.routerPort()), ServiceEnvironment.portOrFree(config.workersPort()),
                    smtpPrimary.port(), smtpSecondary.port(), twilio.baseUrl(), twilio.accountSid(), twilio.authToken(),
                    ServiceEnvironment.portOrFree(config.analyticsPort())), userEnv);
            // The local receiver listens on loopback with a devkit certificate: this stack's workers alone allow and trust it.
            String allowed = serviceEnv.getOrDefault("HERALD_WEBHOOK_ALLOW_LIST", "");
            serviceEnv.put("HERALD_WEBHOOK_ALLOW_LIST", allowed.isBlank() ? "127.0.0.1/32" : allowed + ",127.0.0.1/32");
            serviceEnv.putIfAbsent("HERALD_WEBHOOK_TRUST_CA_FILE", webhooks.certificatePem().toString());
            router = track(new RouterApp(RouterConfig.fromEnv(serviceEnv)).start());
            workers = track(new WorkerApp(WorkerConfig.fromEnv(serviceEnv), AutoReplayConfig.fromEnv(serviceEnv),
                    Clock.systemUTC()).start());
            ingest = track(new IngestApp(IngestConfig.fromEnv(serviceEnv)).start());
            analytics = track(new AnalyticsApp(AnalyticsConfig.fromEnv(serviceEnv)).start());
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare " + config.workDir(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startInfrastructure() {
        kafka = track(EmbeddedKafka.builder().logDir(config.workDir().resolve("kafka"))
                .brokerPort(config.kafkaPort()).build().start());
        LOG.info("kafka ready at {}", kafka.bootstrapServers());
        registry = track(ApicurioRegistry.builder().workDir(config.workDir().resolve("registry"))
                .port(config.registryPort()).build().start());
        LOG.info("schema registry ready at {}", registry.confluentApiUrl());
        topics = provisionTopics();
        smtpPrimary = track(ScriptedSmtpServer.builder().port(config.smtpPort()).build().start());
        smtpSecondary = track(ScriptedSmtpServer.builder().port(config.smtpSecondaryPort()).build().start());
        twilio = track(TwilioStub.builder().port(config.twilioPort()).build().start());
        Map<String, ScriptedSmtpServer> mailSinks = new java.util.LinkedHashMap<>();
        mailSinks.put("smtp-primary", smtpPrimary);
        mailSinks.put("smtp-secondary", smtpSecondary);
        sinks = track(SinkConsole.start(new SinkFaults(mailSinks, twilio, Clock.systemUTC()), config.sinksPort()));
        webhooks = track(WebhookReceiver.onFreePorts().start());
    }

    private TopicProvisioner.Report provisionTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // The workers' retry tiers name topics: the layout reads the same HERALD_RETRY_*TIERS keys they do (RetryLanes).
            Map<String, String> env = new java.util.HashMap<>(userEnv);
            env.put("HERALD_TOPICS_PARTITIONS", Integer.toString(config.partitions()));
            env.put("HERALD_TOPICS_REPLICATION_FACTOR", "1");
            return new TopicProvisioner(admin).provision(TopicLayout.fromEnv(env).specs());
        }
    }

    private <T extends AutoCloseable> T track(T component) {
        started.push(component);
        return component;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public ApicurioRegistry registry() {
        return registry;
    }

    /** Mail sink of provider {@code smtp-primary}; script outages on it ({@code Replies.deferAll451()}). */
    public ScriptedSmtpServer smtp() {
        return smtpPrimary;
    }

    /** Mail sink of provider {@code smtp-secondary}. */
    public ScriptedSmtpServer smtpSecondary() {
        return smtpSecondary;
    }

    public TwilioStub twilio() {
        return twilio;
    }

    /** The sink console: browse the local sinks and script their faults over HTTP. */
    public SinkConsole sinks() {
        return sinks;
    }

    public TopicProvisioner.Report topics() {
        return topics;
    }

    /** The local webhook receiver (HTTPS on loopback, allow-listed and trusted by this stack's workers). */
    public WebhookReceiver webhooks() {
        return webhooks;
    }

    public RouterApp router() {
        return router;
    }

    public WorkerApp workers() {
        return workers;
    }

    public IngestApp ingest() {
        return ingest;
    }

    public AnalyticsApp analytics() {
        return analytics;
    }

    /** The environment the services were configured from (addresses, keys); for tools and drills. */
    public Map<String, String> serviceEnv() {
        return serviceEnv;
    }

    /** What to print for a person: where each part listens, and a first request to send. */
    public String summary() {
        String ingestUrl = ingest.url();
        return String.join(System.lineSeparator(),
                "",
                "Herald is running (Ctrl-C stops everything).",
                "  Ingest API          " + ingestUrl + "   (OpenAPI: " + ingestUrl + "/openapi.json)",
                "  Router status       http://127.0.0.1:" + router.httpPort() + "/v1/notifications/{id}   metrics: /metrics",
                "  Workers             http://127.0.0.1:" + workers.httpPort() + "/health/ready   metrics: /metrics",
                "  Dashboard           " + analytics.url() + "/dashboard   (analytics API: " + analytics.url()
                        + "/v1/analytics/reports, admin key " + config.apiKey() + "-admin)",
                "  Kafka bootstrap     " + kafka.bootstrapServers(),
                "  Schema registry     " + registry.confluentApiUrl() + "   (UI at " + registry.url() + "/ui)",
                "  Topics              " + (topics.created().size() + topics.unchanged().size() + topics.reconfigured().size())
                        + " provisioned",
                "  Mail sinks (SMTP)   smtp-primary 127.0.0.1:" + smtpPrimary.port() + ", smtp-secondary 127.0.0.1:" + smtpSecondary.port(),
                "  SMS sink (Twilio)   " + twilio.baseUrl(),
                "  Sink console        " + sinks.url() + "/sinks/mail   (faults: " + sinks.url() + "/sinks/faults, herald sinks --help)",
                "  Webhook receiver    " + webhooks.hookUrl("<name>") + "   (received: " + webhooks.viewerUrl() + ")",
                "  Work dir            " + config.workDir().toAbsolutePath(),
                "",
                "Send a first notification (tenant '" + LocalStackConfig.DEMO_TENANT + "'):",
                "  curl -s -X POST " + ingestUrl + "/v1/notifications \\",
                "    -H 'Authorization: Bearer " + config.apiKey() + "' -H 'Idempotency-Key: first-1' \\",
                "    -H 'Content-Type: application/json' \\",
                "    -d '{\"priority\":\"critical\",\"category\":\"otp\",\"recipient\":{\"id\":\"u-1\",\"email\":\"ada@example.com\"},"
                        + "\"channels\":[\"email\"],\"content\":{\"subject\":\"Your code\",\"text\":\"Your code is 123456\"}}'",
                "  curl -s " + ingestUrl + "/v1/notifications/<id> -H 'Authorization: Bearer " + config.apiKey() + "'",
                "  open " + sinks.url() + "/sinks/mail to see it arrive",
                "");
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                LOG.info("stopping {}", component.getClass().getSimpleName());
                component.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
