package io.herald.workers;

import io.herald.replay.auto.AutoReplayKeys;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.schemas.topics.TopicKeys;
import io.herald.workers.webhook.TenantSecrets;
import java.time.Duration;
import java.util.List;

/**
 * The channel workers' own keys ({@code workers.*}, {@code webhook.*}, retry jitter, probe interval). Providers
 * ({@code email.*}, {@code sms.*}) and retry tiers ({@code retry.*}) are shared keys, read by the router and the
 * topic layout as well.
 */
public final class WorkerKeys {
    private static final String POSITIVE = "must be positive";

    public static final Key<String> GROUP_PREFIX = Key.string("workers.group-prefix").defaultValue("herald-workers")
            .legacy("HERALD_WORKER_GROUP_PREFIX").doc("Consumer group prefix; a channel's group is `<prefix>-<channel>`.").build();
    public static final Key<String> INSTANCE_ID = Key.string("workers.instance-id").defaultText("worker-<random>")
            .legacy("HERALD_WORKER_INSTANCE_ID").doc("This instance's id (transactional ids, leader election).").build();
    public static final Key<Integer> CONCURRENCY = Key.integer("workers.concurrency").defaultValue(8).check(n -> n >= 1, "must be >= 1")
            .legacy("HERALD_WORKER_CONCURRENCY").doc("Deliveries in flight per channel.").build();
    public static final Key<Integer> MAX_POLL_RECORDS = Key.integer("workers.max-poll-records").defaultValue(100)
            .check(n -> n >= 1, "must be >= 1").legacy("HERALD_WORKER_MAX_POLL_RECORDS").doc("Records per poll.").build();
    public static final Key<Duration> POLL_TIMEOUT = Key.duration("workers.poll-timeout").defaultValue(Duration.ofMillis(100))
            .check(WorkerKeys::positive, POSITIVE).legacy("HERALD_WORKER_POLL_TIMEOUT_MS", WorkerKeys::millis)
            .doc("Longest wait of one poll.").build();
    public static final Key<Duration> SHUTDOWN_TIMEOUT = Key.duration("workers.shutdown-timeout").defaultValue(Duration.ofSeconds(30))
            .check(WorkerKeys::positive, POSITIVE).legacy("HERALD_WORKER_SHUTDOWN_TIMEOUT_MS", WorkerKeys::millis)
            .doc("Longest wait for in-flight deliveries at shutdown.").build();
    public static final Key<String> HTTP_HOST = Key.string("workers.http.host").defaultValue("0.0.0.0").legacy("HERALD_HTTP_HOST")
            .doc("Listen address of health and metrics.").build();
    public static final Key<Integer> HTTP_PORT = Key.integer("workers.http.port").defaultValue(8083)
            .check(p -> p >= 0 && p <= 65_535, "must be a port (0-65535)").legacy("HERALD_HTTP_PORT")
            .doc("Port of health and metrics; 0 = any free port.").build();
    public static final Key<Double> RETRY_JITTER = Key.decimal("retry.jitter").defaultValue(0.2).check(j -> j >= 0 && j <= 1, "must be 0..1")
            .doc("Random share added to each retry delay, so retries of one outage do not arrive together.").build();
    public static final Key<Duration> PROBE_INTERVAL = Key.duration("health.probe.interval").defaultValue(Duration.ofSeconds(5))
            .check(WorkerKeys::positive, POSITIVE)
            .doc("How often each DOWN or HALF_OPEN SMTP provider is probed (connect, EHLO, MAIL FROM, RCPT TO; never DATA).").build();

    public static final Key<String> WEBHOOK_SECRET = Key.string("webhook.secret").secret()
            .check(s -> s.length() >= 16, "must have at least 16 characters")
            .doc("Master key of webhook signatures; set = webhook channel enabled. Each tenant signs with its own secret derived "
                    + "from it (`herald webhook secret --tenant T` prints it) unless `webhook.tenant-secrets` names one.").build();
    public static final Key<String> WEBHOOK_PREVIOUS_SECRET = Key.string("webhook.previous-secret").secret()
            .check(s -> s.length() >= 16, "must have at least 16 characters")
            .doc("The master key being rotated out: while set, webhooks carry a second signature made with the tenant's secret "
                    + "derived from it, so receivers on either secret verify.").build();
    public static final Key<String> WEBHOOK_TENANT_SECRETS = Key.string("webhook.tenant-secrets").secret()
            .check(WorkerKeys::tenantSecrets, "must be tenant=secret[|previous-secret],… with secrets of at least 16 characters")
            .doc("Tenants' own signing secrets instead of derived ones: `acme=secret[|previous-secret],globex=…`; "
                    + "a previous secret also signs during its rollover.").build();
    public static final Key<Duration> WEBHOOK_CONNECT_TIMEOUT = Key.duration("webhook.connect-timeout").defaultValue(Duration.ofSeconds(3))
            .check(WorkerKeys::positive, POSITIVE).legacy("HERALD_WEBHOOK_CONNECT_TIMEOUT_MS", WorkerKeys::millis)
            .doc("Connect timeout of a webhook call.").build();
    public static final Key<Duration> WEBHOOK_TIMEOUT = Key.duration("webhook.timeout").defaultValue(Duration.ofSeconds(10))
            .check(WorkerKeys::positive, POSITIVE).legacy("HERALD_WEBHOOK_TIMEOUT_MS", WorkerKeys::millis)
            .doc("Deadline of a whole webhook call: connect, send and the answer's status line (answers are not read beyond "
                    + "4 KiB).").build();
    public static final Key<Double> WEBHOOK_MAX_RATE = Key.decimal("webhook.max-rate").defaultValue(100.0).check(r -> r > 0, "must be > 0")
            .doc("Webhook calls per second at most.").build();
    public static final Key<Integer> WEBHOOK_MAX_CONNECTIONS = Key.integer("webhook.max-connections").defaultValue(16)
            .check(n -> n >= 1, "must be >= 1").doc("Concurrent webhook calls at most.").build();
    public static final Key<String> WEBHOOK_ALLOW_LIST = Key.string("webhook.allow-list").defaultValue("")
            .doc("Hosts and CIDR ranges exempt from the SSRF guard (comma-separated).").build();
    public static final Key<Boolean> WEBHOOK_REQUIRE_HTTPS = Key.bool("webhook.require-https").defaultValue(true)
            .doc("Refuse plain-http endpoints (off only for local stacks).").build();
    public static final Key<java.nio.file.Path> WEBHOOK_TRUST_CA_FILE = Key.path("webhook.trust-ca-file")
            .doc("A PEM file of a private CA trusted for webhook endpoints on top of the JVM's CAs (host names still checked); "
                    + "an unusable file stops the workers at start-up.").build();

    public static final Key<String> REPLY_RULES = Key.string("reply.rules")
            .doc("Operators' reply rules (`channel | code | enhanced code | text | verdict | name`), separated by `;` or newlines, "
                    + "evaluated before the defaults (docs/reply-rules.md).").build();
    public static final Key<java.nio.file.Path> REPLY_RULES_FILE = Key.path("reply.rules-file")
            .doc("A file of reply rules, one per line, `#` comments; evaluated after `reply.rules`, before the defaults.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Workers",
            "`herald workers --config FILE`: email, SMS and webhook delivery, and the automatic replayer. A channel runs when it "
                    + "has a provider: `email.providers`, `sms.providers`, `webhook.secret`.",
            GROUP_PREFIX, INSTANCE_ID, CONCURRENCY, MAX_POLL_RECORDS, POLL_TIMEOUT, SHUTDOWN_TIMEOUT, HTTP_HOST, HTTP_PORT, RETRY_JITTER,
            PROBE_INTERVAL, WEBHOOK_SECRET, WEBHOOK_PREVIOUS_SECRET, WEBHOOK_TENANT_SECRETS, WEBHOOK_CONNECT_TIMEOUT, WEBHOOK_TIMEOUT, WEBHOOK_MAX_RATE, WEBHOOK_MAX_CONNECTIONS,
            WEBHOOK_ALLOW_LIST, WEBHOOK_REQUIRE_HTTPS, WEBHOOK_TRUST_CA_FILE, REPLY_RULES, REPLY_RULES_FILE).owning("workers", "webhook", "reply");

    /** Everything the workers read (with the automatic replayer's keys). */
    public static final List<KeyCatalogue> ALL = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE, ProviderKeys.CATALOGUE,
            TopicKeys.CATALOGUE, CATALOGUE, AutoReplayKeys.CATALOGUE);

    private WorkerKeys() {
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static String millis(String v) {
        return v.matches("\\d+") ? v + "ms" : v;
    }

    private static boolean tenantSecrets(String spec) {
        try {
            TenantSecrets.parse(spec);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
