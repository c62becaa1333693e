package io.herald.workers;

import io.herald.contracts.Channel;
import io.herald.policy.reply.ReplyRule;
import io.herald.policy.reply.ReplyRules;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.topics.RetryLanes;
import io.herald.schemas.topics.RetryTier;
import io.herald.workers.email.ProviderTrust;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.email.TlsMode;
import io.herald.workers.sms.TwilioConfig;
import io.herald.workers.webhook.WebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the channel workers need, read once from environment-style keys. Unknown providers or
 * malformed values fail at start-up naming the key. Kafka client settings pass through untouched from
 * {@code KAFKA_*} ({@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}) and {@code kafka.*} keys.
 *
 * <p>Email providers: {@code HERALD_EMAIL_PROVIDERS=smtp-primary,smtp-secondary} (order = failover order),
 * then per provider {@code HERALD_EMAIL_<ID>_HOST|PORT|TLS(NONE,STARTTLS,SMTPS)|USERNAME|PASSWORD|FROM|
 * MAX_RATE|MAX_CONNECTIONS|CONNECT_TIMEOUT_MS|READ_TIMEOUT_MS|TRUST_CA_FILE|PROBE_ADDRESS} with {@code <ID>} upper-cased and
 * '-' → '_'. {@code TRUST_CA_FILE} is a PEM file of the CA (or self-signed certificate) that provider's
 * certificate must chain to, trusted for that provider only instead of the JVM's CAs; it needs TLS STARTTLS
 * or SMTPS, and an unreadable file or one without a certificate fails at start-up.
 * SMS is enabled by {@code HERALD_TWILIO_ACCOUNT_SID}, webhooks by {@code HERALD_WEBHOOK_SECRET}.
 *
 * <p>Retries per lane ({@link RetryLanes}): {@code HERALD_RETRY_CRITICAL_TIERS} (default {@code 5s}, the last tier
 * repeating until expiry when the message has no fallback channel), {@code HERALD_RETRY_TRANSACTIONAL_TIERS} and
 * {@code HERALD_RETRY_BULK_TIERS} (default {@code 10s,1m,10m}); each falls back to {@code HERALD_RETRY_TIERS} when
 * that is set. {@code HERALD_RETRY_JITTER} (default 0.2).
 *
 * <p>Health: {@code HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT} (default 10) is the share of notifications, chosen by id,
 * that a HALF_OPEN provider takes (the deprecated {@code HERALD_HALF_OPEN_RATE} is mapped to it with a warning).
 * {@code HERALD_HEALTH_PROBE_INTERVAL} (default {@code 5s}) is how often each DOWN or HALF_OPEN SMTP provider is probed
 * without sending mail; {@code HERALD_EMAIL_<ID>_PROBE_ADDRESS} is the probe's RCPT TO (default {@code postmaster@} the
 * domain of the provider's FROM; never logged).
 *
 * <p>Reply rules ({@code docs/reply-rules.md}): {@code HERALD_REPLY_RULES} (rules separated by ';' or newlines) and
 * {@code HERALD_REPLY_RULES_FILE} (one rule per line, '#' comments) are evaluated, in that order, before the defaults.
 */
public record WorkerConfig(Map<String, Object> kafka, RegistryConfig registry, RetryLanes retryLanes, double retryJitter,
                           String groupPrefix, String instanceId, int concurrency, int maxPollRecords, Duration pollTimeout,
                           Duration shutdownTimeout, int halfOpenTricklePercent, String httpHost, int httpPort,
                           List<SmtpProviderConfig> smtp, TwilioConfig twilio, WebhookConfig webhook, Duration probeInterval,
                           ReplyRules replyRules) {

    /** Share of notifications (0–100) a HALF_OPEN provider takes; the router reads the same key. */
    public static final String TRICKLE_KEY = "HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT";
    static final String LEGACY_HALF_OPEN_RATE_KEY = "HERALD_HALF_OPEN_RATE";
    static final int DEFAULT_TRICKLE_PERCENT = 10;
    private static final Logger LOG = LoggerFactory.getLogger(WorkerConfig.class);

    public static final String PROBE_INTERVAL_KEY = "HERALD_HEALTH_PROBE_INTERVAL";
    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    public WorkerConfig {
        if (replyRules == null) replyRules = ReplyRules.defaults();
        kafka = Map.copyOf(kafka);
        if (probeInterval == null || probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException(PROBE_INTERVAL_KEY + " must be a positive duration, was " + probeInterval);
        }
        java.util.Objects.requireNonNull(retryLanes, "retryLanes");
        smtp = List.copyOf(smtp);
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException("KAFKA_BOOTSTRAP_SERVERS is required");
        if (halfOpenTricklePercent < 0 || halfOpenTricklePercent > 100) {
            throw new IllegalArgumentException(TRICKLE_KEY + " must be in 0..100, was " + halfOpenTricklePercent);
        }
        if (smtp.isEmpty() && twilio == null && webhook == null) {
            throw new IllegalArgumentException("no channel configured: set HERALD_EMAIL_PROVIDERS, HERALD_TWILIO_ACCOUNT_SID or HERALD_WEBHOOK_SECRET");
        }
    }

    /** A config with the default probe interval and the default reply rules. */
    public WorkerConfig(Map<String, Object> kafka, RegistryConfig registry, RetryLanes retryLanes, double retryJitter, String groupPrefix,
                        String instanceId, int concurrency, int maxPollRecords, Duration pollTimeout, Duration shutdownTimeout,
                        int halfOpenTricklePercent, String httpHost, int httpPort, List<SmtpProviderConfig> smtp, TwilioConfig twilio,
                        WebhookConfig webhook) {
        this(kafka, registry, retryLanes, retryJitter, groupPrefix, instanceId, concurrency, maxPollRecords, pollTimeout, shutdownTimeout,
                halfOpenTricklePercent, httpHost, httpPort, smtp, twilio, webhook, DEFAULT_PROBE_INTERVAL,
                ReplyRules.defaults());
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
                RetryLanes.fromEnv(env),
                e.dbl("HERALD_RETRY_JITTER", 0.2),
                e.string("HERALD_WORKER_GROUP_PREFIX", "herald-workers"),
                e.string("HERALD_WORKER_INSTANCE_ID", "worker-" + UUID.randomUUID().toString().substring(0, 8)),
                e.integer("HERALD_WORKER_CONCURRENCY", 8),
                e.integer("HERALD_WORKER_MAX_POLL_RECORDS", 100),
                e.millis("HERALD_WORKER_POLL_TIMEOUT_MS", 100),
                e.millis("HERALD_WORKER_SHUTDOWN_TIMEOUT_MS", 30_000),
                halfOpenTricklePercent(e),
                e.string("HERALD_HTTP_HOST", "0.0.0.0"),
                e.integer("HERALD_HTTP_PORT", 8083),
                smtp,
                twilio(e),
                webhook(e),
                e.duration(PROBE_INTERVAL_KEY, DEFAULT_PROBE_INTERVAL),
                replyRules(e));
    }

    /**
     * The half-open trickle, read under the router's key so both sides grant the same share. The old worker key was
     * a rate (messages per second), which cannot say which notifications probe; it still starts the worker, mapped
     * to the default share (or to none when it was 0), with a warning.
     */
    private static int halfOpenTricklePercent(Env e) {
        String legacy = e.string(LEGACY_HALF_OPEN_RATE_KEY, null);
        if (e.string(TRICKLE_KEY, null) != null || legacy == null) return e.integer(TRICKLE_KEY, DEFAULT_TRICKLE_PERCENT);
        int mapped = e.dbl(LEGACY_HALF_OPEN_RATE_KEY, 1.0) <= 0 ? 0 : DEFAULT_TRICKLE_PERCENT;
        LOG.warn("{} is deprecated (the half-open trickle is now a share of notifications); using {}={}. Set {} instead.",
                LEGACY_HALF_OPEN_RATE_KEY, TRICKLE_KEY, mapped, TRICKLE_KEY);
        return mapped;
    }

    /** Operators' reply rules, inline first, then the file's, before the defaults; a bad rule fails naming key, line and field. */
    private static ReplyRules replyRules(Env e) {
        List<ReplyRule> operator = new ArrayList<>(ReplyRules.parse("HERALD_REPLY_RULES", e.string("HERALD_REPLY_RULES", "")));
        String file = e.string("HERALD_REPLY_RULES_FILE", null);
        if (file != null) {
            try {
                operator.addAll(ReplyRules.parse("HERALD_REPLY_RULES_FILE " + file, Files.readString(Path.of(file))));
            } catch (IOException ex) {
                throw new IllegalArgumentException("HERALD_REPLY_RULES_FILE cannot be read: " + file + " (" + ex.getClass().getSimpleName() + ")", ex);
            }
        }
        return ReplyRules.defaults().withOperatorRules(operator);
    }

    private static SmtpProviderConfig smtp(Env e, String id) {
        String p = "HERALD_EMAIL_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        String tls = e.string(p + "TLS", "STARTTLS").toUpperCase(Locale.ROOT);
        String probeAddress = e.string(p + "PROBE_ADDRESS", null);
        if (probeAddress != null && probeAddress.indexOf('@') < 1) {
            throw new IllegalArgumentException(p + "PROBE_ADDRESS must be an address like postmaster@example.com");
        }
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
                trustCaFile(e, p + "TRUST_CA_FILE", p + "TLS", mode), probeAddress);
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
        return new WebhookConfig(e.string("HERALD_WEBHOOK_PROVIDER_ID", "webhook"), e.required("HERALD_WEBHOOK_SECRET"),
                e.millis("HERALD_WEBHOOK_CONNECT_TIMEOUT_MS", 3_000), e.millis("HERALD_WEBHOOK_TIMEOUT_MS", 10_000),
                e.dbl("HERALD_WEBHOOK_MAX_RATE", 100), e.integer("HERALD_WEBHOOK_MAX_CONNECTIONS", 16),
                e.string("HERALD_WEBHOOK_ALLOW_LIST", ""), e.bool("HERALD_WEBHOOK_REQUIRE_HTTPS", true));
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
        return new WorkerConfig(merged, registry, retryLanes, retryJitter, groupPrefix, instanceId, concurrency, maxPollRecords,
                pollTimeout, shutdownTimeout, halfOpenTricklePercent, httpHost, httpPort, smtp, twilio, webhook, probeInterval,
                replyRules);
    }

    @Override
    public String toString() {
        Map<String, Object> maskedKafka = new LinkedHashMap<>();
        kafka.forEach((k, v) -> maskedKafka.put(k, k.contains("password") || k.contains("jaas") || k.contains("secret") ? "****" : v));
        return "WorkerConfig[kafka=" + maskedKafka + ", registry=" + registry + ", retryTiers=" + tierNames(retryLanes)
                + ", jitter=" + retryJitter + ", group=" + groupPrefix + ", instance=" + instanceId + ", concurrency=" + concurrency
                + ", maxPollRecords=" + maxPollRecords + ", halfOpenTricklePercent=" + halfOpenTricklePercent + ", http=" + httpHost + ":" + httpPort
                + ", smtp=" + smtp + ", twilio=" + twilio + ", webhook=" + webhook + ", probeInterval=" + probeInterval
                + ", replyRules=" + (replyRules.rules().size() - ReplyRules.defaults().rules().size()) + " operator + defaults]";
    }

    private static String tierNames(RetryLanes lanes) {
        return "{critical=" + lanes.critical().stream().map(RetryTier::name).toList() + " (last repeats), transactional="
                + lanes.transactional().stream().map(RetryTier::name).toList() + ", bulk=" + lanes.bulk().stream().map(RetryTier::name).toList()
                + "}";
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

        /** {@code <n>ms|s|m|h}, e.g. {@code 5s}. */
        Duration duration(String key, Duration def) {
            String v = string(key, null);
            if (v == null) return def;
            try {
                return RetryTier.parse(v).delay();
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + " must be <number><ms|s|m|h>, e.g. 5s, was '" + v + "'");
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
