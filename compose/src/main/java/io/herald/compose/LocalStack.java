package io.herald.compose;

import io.herald.analytics.AnalyticsApp;
import io.herald.analytics.AnalyticsConfig;
import io.herald.compose.config.ConfigurationReference;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import io.herald.runtime.config.KafkaKeys;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.compose.sinks.SinkConsole;
import io.herald.compose.sinks.SinkFaults;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.registry.ApicurioRegistry;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.devkit.webhook.WebhookReceiver;
import io.herald.workers.WorkerKeys;
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
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's whole pipeline in one JVM on the devkit: a KRaft broker, the schema registry, Herald's
 * topics, local mail sinks for two SMTP providers and an SMS sink speaking Twilio's API, then the
 * router, the channel workers (with the automatic paced replayer) and the ingest API. Components
 * start in dependency order and close in reverse.
 *
 * <p>The user's configuration decides what is embedded: a configured {@code kafka.bootstrap.servers},
 * {@code schema.registry.url}, {@code email.providers} or {@code sms.providers} is used <em>instead of</em> the
 * embedded broker, registry, mail sinks or SMS sink, and that part is not started.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /**
     * The local sinks' provider ids, loaded below the user's file and environment: per-provider tuning such as
     * {@code HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE} then reaches the local providers too. Only ids the user
     * configures replace the sinks.
     */
    public static final Map<String, String> LOCAL_PROVIDERS = Map.of(ProviderKeys.EMAIL_PROVIDERS.name(), "smtp-primary,smtp-secondary",
            ProviderKeys.SMS_PROVIDERS.name(), "twilio");

    private final LocalStackConfig config;
    private final Config user;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private ApicurioRegistry registry;
    private String bootstrapServers;
    private String registryUrl;
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
    private Config serviceConfig;

    public LocalStack(LocalStackConfig config) {
        this(config, Map.of());
    }

    /** @param userEnv the user's tuning in environment form ({@code HERALD_*}, or dotted key names), passed on to the services */
    public LocalStack(LocalStackConfig config, Map<String, String> userEnv) {
        this(config, new ConfigLoader(ConfigurationReference.ALL).defaults(LOCAL_PROVIDERS)
                .env(ProviderKeys.withLegacySmsProvider(userEnv)).load(), userEnv);
    }

    /**
     * @param user    the user's configuration (file and environment); what it configures replaces the embedded part
     * @param userEnv the environment; unused since every service, analytics too, reads its keys from {@code user} (kept
     *                for the callers)
     */
    public LocalStack(LocalStackConfig config, Config user, Map<String, String> userEnv) {
        this.config = config;
        this.user = user;
    }

    /** Starts every component; on any failure closes what already started and rethrows. */
    public LocalStack start() {
        try {
            Files.createDirectories(config.workDir());
            // The registry keeps schemas in memory, so old broker data (and the router's state built from
            // it) would carry schema ids the new registry never issued: every local run starts empty.
            WorkDirs.delete(config.workDir().resolve("kafka"));
            WorkDirs.delete(config.workDir().resolve("router-state"));
            WorkDirs.delete(config.workDir().resolve("analytics"));
            startInfrastructure();
            ServiceEnvironment.Addresses addresses = new ServiceEnvironment.Addresses(kafka == null ? null : bootstrapServers,
                    registry == null ? null : registryUrl, ServiceEnvironment.portOrFree(config.ingestPort()),
                    ServiceEnvironment.portOrFree(config.routerPort()), ServiceEnvironment.portOrFree(config.workersPort()),
                    smtpPrimary == null ? 0 : smtpPrimary.port(), smtpSecondary == null ? 0 : smtpSecondary.port(),
                    twilio == null ? null : twilio.baseUrl(), twilio == null ? null : twilio.accountSid(),
                    twilio == null ? null : twilio.authToken(), ServiceEnvironment.portOrFree(config.analyticsPort()));
            Map<String, String> overrides = new java.util.LinkedHashMap<>(ServiceEnvironment.overrides(config, addresses, user));
            // The local webhook receiver listens on loopback with a devkit certificate: this stack's workers alone allow and trust it.
            String allowed = user.get(WorkerKeys.WEBHOOK_ALLOW_LIST);
            overrides.put(WorkerKeys.WEBHOOK_ALLOW_LIST.name(), (allowed.isBlank() ? "" : allowed + ",") + "localhost,127.0.0.1/32");
            if (!user.isSet(WorkerKeys.WEBHOOK_TRUST_CA_FILE)) {
                overrides.put(WorkerKeys.WEBHOOK_TRUST_CA_FILE.name(), webhooks.certificatePem().toString());
            }
            serviceConfig = user.with(overrides, "local stack");
            topics = provisionTopics();
            router = track(new RouterApp(RouterConfig.from(serviceConfig)).start());
            workers = track(new WorkerApp(WorkerConfig.from(serviceConfig), AutoReplayConfig.from(serviceConfig),
                    Clock.systemUTC()).start());
            ingest = track(new IngestApp(IngestConfig.from(serviceConfig)).start());
            analytics = track(new AnalyticsApp(AnalyticsConfig.from(serviceConfig)).start());
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
        if (configured(KafkaKeys.BOOTSTRAP_SERVERS)) {
            bootstrapServers = user.get(KafkaKeys.BOOTSTRAP_SERVERS);
            LOG.info("kafka: the configured cluster at {} (kafka.bootstrap.servers), no embedded broker", bootstrapServers);
        } else {
            kafka = track(EmbeddedKafka.builder().logDir(config.workDir().resolve("kafka"))
                    .brokerPort(config.kafkaPort()).build().start());
            bootstrapServers = kafka.bootstrapServers();
            LOG.info("kafka ready at {}", bootstrapServers);
        }
        if (configured(RegistryKeys.URL)) {
            registryUrl = user.get(RegistryKeys.URL);
            LOG.info("schema registry: the configured one at {} (schema.registry.url)", registryUrl);
        } else {
            registry = track(ApicurioRegistry.builder().workDir(config.workDir().resolve("registry"))
                    .port(config.registryPort()).build().start());
            registryUrl = registry.confluentApiUrl();
            LOG.info("schema registry ready at {}", registryUrl);
        }
        Map<String, ScriptedSmtpServer> mailSinks = new java.util.LinkedHashMap<>();
        if (configured(ProviderKeys.EMAIL_PROVIDERS)) {
            LOG.info("email: the configured providers {} (email.providers), no local mail sinks", user.get(ProviderKeys.EMAIL_PROVIDERS));
        } else {
            smtpPrimary = track(ScriptedSmtpServer.builder().port(config.smtpPort()).build().start());
            smtpSecondary = track(ScriptedSmtpServer.builder().port(config.smtpSecondaryPort()).build().start());
            mailSinks.put("smtp-primary", smtpPrimary);
            mailSinks.put("smtp-secondary", smtpSecondary);
        }
        if (configured(ProviderKeys.SMS_PROVIDERS)) {
            LOG.info("sms: the configured providers {} (sms.providers), no local SMS sink", user.get(ProviderKeys.SMS_PROVIDERS));
        } else {
            twilio = track(TwilioStub.builder().port(config.twilioPort()).build().start());
            // The console browses and scripts the local sinks; it needs the SMS sink.
            sinks = track(SinkConsole.start(new SinkFaults(mailSinks, twilio, Clock.systemUTC()), config.sinksPort()));
        }
        webhooks = track(WebhookReceiver.onFreePorts().start());
    }

    /** Whether the user configured {@code key} (file or environment), as opposed to a default. */
    private boolean configured(io.herald.runtime.config.Key<?> key) {
        return user.isSet(key) && !user.origin(key).equals(ConfigLoader.PROVIDED_DEFAULT);
    }

    private TopicProvisioner.Report provisionTopics() {
        Map<String, Object> admin = new java.util.HashMap<>(serviceConfig.kafka());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin client = Admin.create(admin)) {
            // The workers' retry tiers name topics: the layout reads the same retry.* keys they do (RetryLanes).
            return new TopicProvisioner(client).provision(TopicLayout.from(serviceConfig).specs());
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

    /** The configuration the services were started from (the user's, plus the local addresses); for tools and drills. */
    public Config serviceConfig() {
        return serviceConfig;
    }

    /** The Kafka cluster the stack uses: the embedded broker or the configured one. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The schema registry the stack uses: the local one or the configured one. */
    public String registryUrl() {
        return registryUrl;
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
                "  Kafka bootstrap     " + bootstrapServers + (kafka == null ? "   (configured)" : ""),
                "  Schema registry     " + registryUrl + (registry == null ? "   (configured)" : "   (UI at " + registry.url() + "/ui)"),
                "  Topics              " + (topics.created().size() + topics.unchanged().size() + topics.reconfigured().size())
                        + " provisioned",
                smtpPrimary == null ? "  Email providers     " + serviceConfig.get(ProviderKeys.EMAIL_PROVIDERS) + "   (configured)"
                        : "  Mail sinks (SMTP)   smtp-primary 127.0.0.1:" + smtpPrimary.port() + ", smtp-secondary 127.0.0.1:" + smtpSecondary.port(),
                twilio == null ? "  SMS providers       " + serviceConfig.get(ProviderKeys.SMS_PROVIDERS) + "   (configured)"
                        : "  SMS sink (Twilio)   " + twilio.baseUrl(),
                sinks == null ? "  Sink console        none (the SMS sink is not local)"
                        : "  Sink console        " + sinks.url() + "/sinks/mail   (faults: " + sinks.url() + "/sinks/faults, herald sinks --help)",
                "  Webhook receiver    " + webhooks.hookUrl("<name>") + "   (received: " + webhooks.viewerUrl() + ")",
                "  Work dir            " + config.workDir().toAbsolutePath(),
                "",
                "Send a first notification (tenant '" + LocalStackConfig.DEMO_TENANT + "'):",
                "  curl -s -X POST " + ingestUrl + "/v1/notifications \\",
                "    -H 'Authorization: Bearer " + config.apiKey() + "' -H 'Idempotency-Key: first-1' \\",
                "    -H 'Content-Type: application/json' \\",
                "    -d '{\"priority\":\"CRITICAL\",\"category\":\"otp\",\"recipient\":{\"id\":\"u-1\",\"email\":\"ada@example.com\"},"
                        + "\"channels\":[\"EMAIL\"],\"content\":{\"subject\":\"Your code\",\"text\":\"Your code is 123456\"}}'",
                "  curl -s " + ingestUrl + "/v1/notifications/<id> -H 'Authorization: Bearer " + config.apiKey() + "'",
                sinks == null || smtpPrimary == null ? "  (mail goes to your configured providers)"
                        : "  open " + sinks.url() + "/sinks/mail to see it arrive",
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
}
