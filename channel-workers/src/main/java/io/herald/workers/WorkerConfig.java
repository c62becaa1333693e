package io.herald.workers;

import io.herald.contracts.Channel;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.topics.RetryTier;
import io.herald.workers.email.ProviderTrust;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.email.TlsMode;
import io.herald.workers.sms.TwilioConfig;
import io.herald.workers.webhook.WebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the channel workers need, read once from environment-style keys. Unknown providers or
 * malformed values fail at start-up naming the key. Kafka client settings pass through untouched from
 * {@code KAFKA_*} ({@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}) and {@code kafka.*} keys.
 *
 * <p>Email providers: {@code HERALD_EMAIL_PROVIDERS=smtp-primary,smtp-secondary} (order = failover order),
 * then per provider {@code HERALD_EMAIL_<ID>_HOST|PORT|TLS(NONE,STARTTLS,SMTPS)|USERNAME|PASSWORD|FROM|
 * MAX_RATE|MAX_CONNECTIONS|CONNECT_TIMEOUT_MS|READ_TIMEOUT_MS|TRUST_CA_FILE} with {@code <ID>} upper-cased and
 * '-' → '_'. {@code TRUST_CA_FILE} is a PEM file of the CA (or self-signed certificate) that provider's
 * certificate must chain to, trusted for that provider only instead of the JVM's CAs; it needs TLS STARTTLS
 * or SMTPS, and an unreadable file or one without a certificate fails at start-up.
 * SMS is enabled by {@code HERALD_TWILIO_ACCOUNT_SID}, webhooks by {@code HERALD_WEBHOOK_SECRET}.
 */
public record WorkerConfig(Map<String, Object> kafka, RegistryConfig registry, List<RetryTier> retryTiers, double retryJitter,
                           String groupPrefix, String instanceId, int concurrency, int maxPollRecords, Duration pollTimeout,
                           Duration shutdownTimeout, double halfOpenRate, String httpHost, int httpPort,
                           List<SmtpProviderConfig> smtp, TwilioConfig twilio, WebhookConfig webhook) {

    public WorkerConfig {
        kafka = Map.copyOf(kafka);
        retryTiers = List.copyOf(retryTiers);
        smtp = List.copyOf(smtp);
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException("KAFKA_BOOTSTRAP_SERVERS is required");
        if (smtp.isEmpty() && twilio == null && webhook == null) {
            throw new IllegalArgumentException("no channel configured: set HERALD_EMAIL_PROVIDERS, HERALD_TWILIO_ACCOUNT_SID or HERALD_WEBHOOK_SECRET");
        }
    }

    /** Reads the config from environment variables (or any map of the same keys). */
    public static WorkerConfig fromEnv(Map<String, String> env) {
        Env e = new Env(env);
        Map<String, Object> kafka = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_")) kafka.put(k.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            else if (k.startsWith("kafka.")) kafka.put(k.substring(6), v);
        });
        Map<String, Object> registry = new LinkedHashMap<>();
        registry.put(RegistryConfig.URL, e.string("HERALD_SCHEMA_REGISTRY_URL", env.get(RegistryConfig.URL)));
        if (env.get("HERALD_SCHEMA_REGISTRY_USER_INFO") != null) registry.put(RegistryConfig.USER_INFO, env.get("HERALD_SCHEMA_REGISTRY_USER_INFO"));
        List<SmtpProviderConfig> smtp = new ArrayList<>();
        for (String id : e.list("HERALD_EMAIL_PROVIDERS")) smtp.add(smtp(e, id));
        return new WorkerConfig(kafka, RegistryConfig.from(registry),
                RetryTier.parseList(e.string("HERALD_RETRY_TIERS", "10s,1m,10m")),
                e.dbl("HERALD_RETRY_JITTER", 0.2),
                e.string("HERALD_WORKER_GROUP_PREFIX", "herald-workers"),
                e.string("HERALD_WORKER_INSTANCE_ID", "worker-" + UUID.randomUUID().toString().substring(0, 8)),
                e.integer("HERALD_WORKER_CONCURRENCY", 8),
                e.integer("HERALD_WORKER_MAX_POLL_RECORDS", 100),
                e.millis("HERALD_WORKER_POLL_TIMEOUT_MS", 100),
                e.millis("HERALD_WORKER_SHUTDOWN_TIMEOUT_MS", 30_000),
                e.dbl("HERALD_HALF_OPEN_RATE", 1.0),
                e.string("HERALD_HTTP_HOST", "0.0.0.0"),
                e.integer("HERALD_HTTP_PORT", 8083),
                smtp,
                twilio(e),
                webhook(e));
    }

    private static SmtpProviderConfig smtp(Env e, String id) {
        String p = "HERALD_EMAIL_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        String tls = e.string(p + "TLS", "STARTTLS").toUpperCase(Locale.ROOT);
        TlsMode mode;
        try {
            mode = TlsMode.valueOf(tls);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(p + "TLS must be NONE, STARTTLS or SMTPS, was " + tls);
        }
        return new SmtpProviderConfig(id, e.required(p + "HOST"), e.integer(p + "PORT", mode == TlsMode.SMTPS ? 465 : 587), mode,
                e.string(p + "USERNAME", null), e.string(p + "PASSWORD", null), e.required(p + "FROM"),
                e.dbl(p + "MAX_RATE", 50), e.integer(p + "MAX_CONNECTIONS", 4),
                e.millis(p + "CONNECT_TIMEOUT_MS", 5_000), e.millis(p + "READ_TIMEOUT_MS", 30_000),
                trustCaFile(e, p + "TRUST_CA_FILE", p + "TLS", mode));
    }

    /** The provider's private CA file, checked now so a wrong path stops the worker before it takes traffic. */
    private static Path trustCaFile(Env e, String key, String tlsKey, TlsMode mode) {
        String value = e.string(key, null);
        if (value == null) return null;
        if (mode == TlsMode.NONE) throw new IllegalArgumentException(key + " needs " + tlsKey + " STARTTLS or SMTPS, not NONE");
        Path file = Path.of(value);
        try {
            ProviderTrust.socketFactory(file);
        } catch (IOException ex) {
            throw new IllegalArgumentException(key + " cannot be read: " + value + " (" + ex.getClass().getSimpleName() + ")", ex);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException(key + " holds no usable PEM certificate: " + value + " (" + ex.getMessage() + ")", ex);
        }
        return file;
    }

    private static TwilioConfig twilio(Env e) {
        if (e.string("HERALD_TWILIO_ACCOUNT_SID", null) == null) return null;
        String base = e.string("HERALD_TWILIO_API_BASE_URL", null);
        return new TwilioConfig(e.string("HERALD_SMS_PROVIDER_ID", "twilio"), e.required("HERALD_TWILIO_ACCOUNT_SID"),
                e.required("HERALD_TWILIO_AUTH_TOKEN"), e.string("HERALD_TWILIO_FROM", null),
                e.string("HERALD_TWILIO_MESSAGING_SERVICE_SID", null), base == null ? null : URI.create(base),
                e.dbl("HERALD_TWILIO_MAX_RATE", 50), e.integer("HERALD_TWILIO_MAX_CONNECTIONS", 8),
                e.millis("HERALD_TWILIO_CONNECT_TIMEOUT_MS", 5_000), e.millis("HERALD_TWILIO_READ_TIMEOUT_MS", 15_000));
    }

    private static WebhookConfig webhook(Env e) {
        if (e.string("HERALD_WEBHOOK_SECRET", null) == null) return null;
        String trustCa = e.string("HERALD_WEBHOOK_TRUST_CA_FILE", null);
        return new WebhookConfig(e.string("HERALD_WEBHOOK_PROVIDER_ID", "webhook"), e.required("HERALD_WEBHOOK_SECRET"),
                e.millis("HERALD_WEBHOOK_CONNECT_TIMEOUT_MS", 3_000), e.millis("HERALD_WEBHOOK_TIMEOUT_MS", 10_000),
                e.dbl("HERALD_WEBHOOK_MAX_RATE", 100), e.integer("HERALD_WEBHOOK_MAX_CONNECTIONS", 16),
                e.string("HERALD_WEBHOOK_ALLOW_LIST", ""), e.bool("HERALD_WEBHOOK_REQUIRE_HTTPS", true),
                trustCa == null ? null : java.nio.file.Path.of(trustCa));
    }

    /** Channels with at least one provider configured. */
    public List<Channel> channels() {
        List<Channel> channels = new ArrayList<>();
        if (!smtp.isEmpty()) channels.add(Channel.EMAIL);
        if (twilio != null) channels.add(Channel.SMS);
        if (webhook != null) channels.add(Channel.WEBHOOK);
        return channels;
    }

    /** The consumer group of a channel's workers, e.g. {@code herald-workers-email}. */
    public String groupId(Channel channel) {
        return groupPrefix + "-" + channel.name().toLowerCase(Locale.ROOT);
    }

    /** A copy with other Kafka settings merged in (tests: auto.offset.reset, client ids). */
    public WorkerConfig withKafka(Map<String, Object> extra) {
        Map<String, Object> merged = new LinkedHashMap<>(kafka);
        merged.putAll(extra);
        return new WorkerConfig(merged, registry, retryTiers, retryJitter, groupPrefix, instanceId, concurrency, maxPollRecords,
                pollTimeout, shutdownTimeout, halfOpenRate, httpHost, httpPort, smtp, twilio, webhook);
    }

    @Override
    public String toString() {
        Map<String, Object> maskedKafka = new LinkedHashMap<>();
        kafka.forEach((k, v) -> maskedKafka.put(k, k.contains("password") || k.contains("jaas") || k.contains("secret") ? "****" : v));
        return "WorkerConfig[kafka=" + maskedKafka + ", registry=" + registry + ", retryTiers=" + retryTiers.stream().map(RetryTier::name).toList()
                + ", jitter=" + retryJitter + ", group=" + groupPrefix + ", instance=" + instanceId + ", concurrency=" + concurrency
                + ", maxPollRecords=" + maxPollRecords + ", halfOpenRate=" + halfOpenRate + ", http=" + httpHost + ":" + httpPort
                + ", smtp=" + smtp + ", twilio=" + twilio + ", webhook=" + webhook + "]";
    }

    /** Typed access to the raw map, failing with the key's name. */
    private record Env(Map<String, String> env) {
        String string(String key, String def) {
            String v = env.get(key);
            return v == null || v.isBlank() ? def : v.trim();
        }

        String required(String key) {
            String v = string(key, null);
            if (v == null) throw new IllegalArgumentException("missing required config " + key);
            return v;
        }

        List<String> list(String key) {
            String v = string(key, "");
            return v.isEmpty() ? List.of() : java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        int integer(String key, int def) {
            String v = string(key, null);
            try {
                return v == null ? def : Integer.parseInt(v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
            }
        }

        double dbl(String key, double def) {
            String v = string(key, null);
            try {
                return v == null ? def : Double.parseDouble(v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
            }
        }

        Duration millis(String key, long def) {
            return Duration.ofMillis(integer(key, (int) def));
        }

        boolean bool(String key, boolean def) {
            String v = string(key, null);
            if (v == null) return def;
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }
    }
}
