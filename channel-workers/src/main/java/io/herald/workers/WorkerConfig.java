package io.herald.workers;

import io.herald.contracts.Channel;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.Secrets;
import io.herald.schemas.config.ProviderKeys;
import io.herald.policy.reply.ReplyRule;
import io.herald.policy.reply.ReplyRules;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.schemas.topics.RetryLanes;
import io.herald.schemas.topics.RetryTier;
import io.herald.workers.email.ProviderTrust;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.email.TlsMode;
import io.herald.workers.sms.TwilioConfig;
import io.herald.workers.webhook.TenantSecrets;
import io.herald.workers.webhook.WebhookConfig;
import java.io.IOException;
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

/**
 * Everything the channel workers need, read once through the configuration library ({@link WorkerKeys}, plus the
 * shared Kafka, registry, provider and retry keys; reference: {@code docs/configuration.md}). Unknown providers or
 * malformed values fail at start-up naming the key. Every {@code kafka.*} key reaches the clients untouched.
 *
 * <p>Email providers: {@code email.providers=smtp-primary,smtp-secondary} (order = failover order), then per provider
 * {@code email.provider.<id>.host|port|security|username|password|from|max-rate|max-connections|connect-timeout|
 * read-timeout|trust-ca-file|probe-address}. {@code trust-ca-file} is a PEM file of the CA (or self-signed certificate)
 * that provider's certificate must chain to, trusted for that provider only; it needs {@code starttls} or {@code smtps},
 * and an unreadable file or one without a certificate fails at start-up. SMS: {@code sms.providers=twilio} with
 * {@code sms.provider.<id>.*}; webhooks are enabled by {@code webhook.secret}.
 *
 * <p>Retries per lane ({@link RetryLanes}): {@code retry.<lane>.tiers}, falling back to {@code retry.tiers}.
 * Health: {@code health.half-open.trickle-percent} (the router reads the same key), {@code health.probe.interval}.
 *
 * <p>Reply rules ({@code docs/reply-rules.md}): {@code reply.rules} (rules separated by ';' or newlines) and
 * {@code reply.rules-file} (one rule per line, '#' comments) are evaluated, in that order, before the defaults.
 */
public record WorkerConfig(Map<String, Object> kafka, RegistryConfig registry, RetryLanes retryLanes, double retryJitter,
                           String groupPrefix, String instanceId, int concurrency, int maxPollRecords, Duration pollTimeout,
                           Duration shutdownTimeout, int halfOpenTricklePercent, String httpHost, int httpPort,
                           List<SmtpProviderConfig> smtp, TwilioConfig twilio, WebhookConfig webhook, Duration probeInterval,
                           ReplyRules replyRules) {

    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    public WorkerConfig {
        if (replyRules == null) replyRules = ReplyRules.defaults();
        kafka = Map.copyOf(kafka);
        if (probeInterval == null || probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException(WorkerKeys.PROBE_INTERVAL + " must be a positive duration, was " + probeInterval);
        }
        java.util.Objects.requireNonNull(retryLanes, "retryLanes");
        smtp = List.copyOf(smtp);
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException(KafkaKeys.BOOTSTRAP_SERVERS + " is required");
        if (halfOpenTricklePercent < 0 || halfOpenTricklePercent > 100) {
            throw new IllegalArgumentException(ProviderKeys.HALF_OPEN_TRICKLE_PERCENT + " must be in 0..100, was " + halfOpenTricklePercent);
        }
        if (smtp.isEmpty() && twilio == null && webhook == null) {
            throw new ConfigException("email.providers", "no channel configured: set " + ProviderKeys.EMAIL_PROVIDERS + ", "
                    + ProviderKeys.SMS_PROVIDERS + " or " + WorkerKeys.WEBHOOK_SECRET);
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

    /** Reads environment-style keys (old names still work for one release, with a warning). */
    public static WorkerConfig fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(ProviderKeys.withLegacySmsProvider(env), WorkerKeys.ALL));
    }

    /** The workers' configuration from loaded keys; fails naming the key. */
    public static WorkerConfig from(Config c) {
        List<SmtpProviderConfig> smtp = new ArrayList<>();
        for (String id : c.get(ProviderKeys.EMAIL_PROVIDERS)) smtp.add(smtp(c, id));
        return new WorkerConfig(new LinkedHashMap<>(c.kafka()), RegistryKeys.registryConfig(c),
                RetryLanes.from(c),
                c.get(WorkerKeys.RETRY_JITTER),
                c.get(WorkerKeys.GROUP_PREFIX),
                c.optional(WorkerKeys.INSTANCE_ID).orElse("worker-" + UUID.randomUUID().toString().substring(0, 8)),
                c.get(WorkerKeys.CONCURRENCY),
                c.get(WorkerKeys.MAX_POLL_RECORDS),
                c.get(WorkerKeys.POLL_TIMEOUT),
                c.get(WorkerKeys.SHUTDOWN_TIMEOUT),
                c.get(ProviderKeys.HALF_OPEN_TRICKLE_PERCENT),
                c.get(WorkerKeys.HTTP_HOST),
                c.get(WorkerKeys.HTTP_PORT),
                smtp,
                twilio(c),
                webhook(c),
                c.get(WorkerKeys.PROBE_INTERVAL),
                replyRules(c));
    }

    /** Operators' reply rules, inline first, then the file's, before the defaults; a bad rule fails naming key, line and field. */
    private static ReplyRules replyRules(Config c) {
        List<ReplyRule> operator = new ArrayList<>();
        try {
            operator.addAll(ReplyRules.parse(label(c, WorkerKeys.REPLY_RULES), c.optional(WorkerKeys.REPLY_RULES).orElse("")));
            Path file = c.get(WorkerKeys.REPLY_RULES_FILE);
            if (file != null) {
                String text;
                try {
                    text = Files.readString(file);
                } catch (IOException ex) {
                    throw new ConfigException(WorkerKeys.REPLY_RULES_FILE.name(), label(c, WorkerKeys.REPLY_RULES_FILE)
                            + " cannot be read: " + file + " (" + ex.getClass().getSimpleName() + ")", ex);
                }
                operator.addAll(ReplyRules.parse(label(c, WorkerKeys.REPLY_RULES_FILE) + " " + file, text));
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(WorkerKeys.REPLY_RULES.name(), e.getMessage(), e);
        }
        return ReplyRules.defaults().withOperatorRules(operator);
    }

    /** How an operator knows the key: the environment variable it came from, else the key and its file. */
    private static String label(Config c, Key<?> key) {
        String origin = c.origin(key);
        int env = origin.indexOf("environment variable ");
        return env >= 0 ? origin.substring(env + "environment variable ".length()) : key.name() + " (" + origin + ")";
    }

    private static SmtpProviderConfig smtp(Config c, String id) {
        TlsMode mode = TlsMode.valueOf(c.get(ProviderKeys.SMTP_SECURITY.of(id)).name());
        Key<Integer> port = ProviderKeys.SMTP_PORT.of(id);
        return new SmtpProviderConfig(id, c.get(ProviderKeys.SMTP_HOST.of(id)),
                c.isSet(port) ? c.get(port) : mode == TlsMode.SMTPS ? 465 : 587, mode,
                c.get(ProviderKeys.SMTP_USERNAME.of(id)), c.get(ProviderKeys.SMTP_PASSWORD.of(id)), c.get(ProviderKeys.SMTP_FROM.of(id)),
                c.get(ProviderKeys.SMTP_MAX_RATE.of(id)), c.get(ProviderKeys.SMTP_MAX_CONNECTIONS.of(id)),
                c.get(ProviderKeys.SMTP_CONNECT_TIMEOUT.of(id)), c.get(ProviderKeys.SMTP_READ_TIMEOUT.of(id)),
                trustCaFile(c, id, mode), c.get(ProviderKeys.SMTP_PROBE_ADDRESS.of(id)));
    }

    /** The provider's private CA file, checked now so a wrong path stops the worker before it takes traffic. */
    private static Path trustCaFile(Config c, String id, TlsMode mode) {
        Key<Path> key = ProviderKeys.SMTP_TRUST_CA_FILE.of(id);
        Path file = c.get(key);
        if (file == null) return null;
        String where = key + " (from " + c.origin(key) + ")";
        if (mode == TlsMode.NONE) {
            Key<?> security = ProviderKeys.SMTP_SECURITY.of(id);
            throw new ConfigException(key.name(), where + " needs " + security + " starttls or smtps, not none (from "
                    + c.origin(security) + ")");
        }
        try {
            ProviderTrust.socketFactory(file);
        } catch (IOException ex) {
            throw new ConfigException(key.name(), where + " cannot be read: " + file + " (" + ex.getClass().getSimpleName() + ")", ex);
        } catch (GeneralSecurityException ex) {
            throw new ConfigException(key.name(), where + " holds no usable PEM certificate: " + file + " (" + ex.getMessage() + ")", ex);
        }
        return file;
    }

    /** The SMS provider; the workers drive one Twilio account (several ids are for the router's failover order only later). */
    private static TwilioConfig twilio(Config c) {
        List<String> ids = c.get(ProviderKeys.SMS_PROVIDERS);
        if (ids.isEmpty()) return null;
        if (ids.size() > 1) {
            throw new ConfigException(ProviderKeys.SMS_PROVIDERS.name(), ProviderKeys.SMS_PROVIDERS + " lists " + ids
                    + ": the workers deliver through one SMS provider (from " + c.origin(ProviderKeys.SMS_PROVIDERS) + ")");
        }
        String id = ids.get(0);
        try {
            return new TwilioConfig(id, c.get(ProviderKeys.SMS_ACCOUNT_SID.of(id)), c.get(ProviderKeys.SMS_AUTH_TOKEN.of(id)),
                    c.get(ProviderKeys.SMS_FROM.of(id)), c.get(ProviderKeys.SMS_MESSAGING_SERVICE_SID.of(id)),
                    c.get(ProviderKeys.SMS_BASE_URL.of(id)), c.get(ProviderKeys.SMS_MAX_RATE.of(id)),
                    c.get(ProviderKeys.SMS_MAX_CONNECTIONS.of(id)), c.get(ProviderKeys.SMS_CONNECT_TIMEOUT.of(id)),
                    c.get(ProviderKeys.SMS_READ_TIMEOUT.of(id)));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ProviderKeys.SMS_FROM.of(id).name(), "sms provider " + id + ": exactly one of "
                    + ProviderKeys.SMS_FROM.of(id) + " and " + ProviderKeys.SMS_MESSAGING_SERVICE_SID.of(id) + " is required", e);
        }
    }

    private static WebhookConfig webhook(Config c) {
        String secret = c.get(WorkerKeys.WEBHOOK_SECRET);
        if (secret == null || secret.isBlank()) return null;
        TenantSecrets secrets = new TenantSecrets(secret, c.get(WorkerKeys.WEBHOOK_PREVIOUS_SECRET),
                TenantSecrets.parse(c.get(WorkerKeys.WEBHOOK_TENANT_SECRETS)));
        return new WebhookConfig(c.get(ProviderKeys.WEBHOOK_PROVIDER_ID), secrets, c.get(WorkerKeys.WEBHOOK_CONNECT_TIMEOUT),
                c.get(WorkerKeys.WEBHOOK_TIMEOUT), c.get(WorkerKeys.WEBHOOK_MAX_RATE), c.get(WorkerKeys.WEBHOOK_MAX_CONNECTIONS),
                c.get(WorkerKeys.WEBHOOK_ALLOW_LIST), c.get(WorkerKeys.WEBHOOK_REQUIRE_HTTPS),
                c.get(WorkerKeys.WEBHOOK_TRUST_CA_FILE));
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
        kafka.forEach((k, v) -> maskedKafka.put(k, Secrets.looksSecret(k) ? Secrets.MASK : v));
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
}
