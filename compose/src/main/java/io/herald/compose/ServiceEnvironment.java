package io.herald.compose;

import io.herald.analytics.AnalyticsKeys;
import io.herald.ingest.IngestKeys;
import io.herald.router.RouterKeys;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.KafkaKeys;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.schemas.topics.TopicKeys;
import io.herald.workers.WorkerKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the local stack adds to the user's configuration before the services read it, exactly as in a
 * deployment: the addresses of the parts it runs itself (broker, registry, mail and SMS sinks — only those
 * the user did not configure), the services' ports on loopback, the router's state dir, the analytics store
 * and the demo and local admin keys. Public for the fault-injection suite, which runs the same services as
 * separate processes from a file.
 */
public final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    /**
     * Addresses of what runs locally; null for a part the user's configuration points elsewhere.
     *
     * @param bootstrap   the embedded broker, or null when {@code kafka.bootstrap.servers} is configured
     * @param registryUrl the local registry, or null when {@code schema.registry.url} is configured
     * @param smtpPrimaryPort, smtpSecondaryPort the local mail sinks, or 0 when {@code email.providers} is configured
     * @param twilioUrl   the local SMS sink, or null when {@code sms.providers} is configured
     */
    public record Addresses(String bootstrap, String registryUrl, int ingestPort, int routerPort, int workersPort,
                     int smtpPrimaryPort, int smtpSecondaryPort, String twilioUrl, String twilioSid, String twilioToken,
                     int analyticsPort) {
    }

    /** Dotted keys that override (or, for tuning defaults, complete) the user's configuration. */
    public static Map<String, String> overrides(LocalStackConfig config, Addresses a, Config user) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (a.bootstrap() != null) {
            keys.put(KafkaKeys.BOOTSTRAP_SERVERS.name(), a.bootstrap());
            keys.put(TopicKeys.REPLICATION_FACTOR.name(), "1");
        }
        if (a.registryUrl() != null) keys.put(RegistryKeys.URL.name(), a.registryUrl());
        // The stack's partition count (2 in tests) is what the user set, or the local stack's own choice.
        keys.put(TopicKeys.PARTITIONS.name(), Integer.toString(config.partitions()));

        keys.put(RouterKeys.HTTP_PORT.name(), Integer.toString(a.routerPort()));
        keys.put(RouterKeys.ADVERTISED_HOST.name(), "127.0.0.1");
        keys.put(RouterKeys.STATE_DIR.name(), config.workDir().resolve("router-state").toAbsolutePath().toString());

        keys.put(WorkerKeys.HTTP_HOST.name(), "127.0.0.1");
        keys.put(WorkerKeys.HTTP_PORT.name(), Integer.toString(a.workersPort()));
        if (a.smtpPrimaryPort() > 0) {
            keys.put(ProviderKeys.EMAIL_PROVIDERS.name(), "smtp-primary,smtp-secondary");
            smtp(keys, user, "smtp-primary", a.smtpPrimaryPort());
            smtp(keys, user, "smtp-secondary", a.smtpSecondaryPort());
        }
        if (a.twilioUrl() != null) {
            keys.put(ProviderKeys.SMS_PROVIDERS.name(), "twilio");
            keys.put(ProviderKeys.SMS_ACCOUNT_SID.of("twilio").name(), a.twilioSid());
            keys.put(ProviderKeys.SMS_AUTH_TOKEN.of("twilio").name(), a.twilioToken());
            keys.put(ProviderKeys.SMS_BASE_URL.of("twilio").name(), a.twilioUrl());
            if (!user.isSet(ProviderKeys.SMS_FROM.of("twilio"))) keys.put(ProviderKeys.SMS_FROM.of("twilio").name(), "+15005550006");
        }
        if (!user.isSet(WorkerKeys.WEBHOOK_SECRET)) keys.put(WorkerKeys.WEBHOOK_SECRET.name(), "herald-local-webhook-master-key");
        // The demo tenant signs with a secret the docs can print; other tenants get theirs derived from the master key.
        if (!user.isSet(WorkerKeys.WEBHOOK_TENANT_SECRETS)) {
            keys.put(WorkerKeys.WEBHOOK_TENANT_SECRETS.name(), LocalStackConfig.DEMO_TENANT + "=herald-local-webhook-secret");
        }

        keys.put(IngestKeys.HTTP_HOST.name(), "127.0.0.1");
        keys.put(IngestKeys.HTTP_PORT.name(), Integer.toString(a.ingestPort()));
        keys.put(IngestKeys.ROUTER_URL.name(), "http://127.0.0.1:" + a.routerPort());
        String demo = LocalStackConfig.DEMO_TENANT + ":local:" + sha256(config.apiKey());
        keys.put(IngestKeys.API_KEYS.name(), user.optional(IngestKeys.API_KEYS).map(k -> k + "," + demo).orElse(demo));

        // Analytics: its own DuckDB file in the work dir; the dashboard is open on loopback unless configured, SQL needs the admin key.
        keys.put(AnalyticsKeys.HTTP_HOST.name(), "127.0.0.1");
        keys.put(AnalyticsKeys.HTTP_PORT.name(), Integer.toString(a.analyticsPort()));
        keys.put(AnalyticsKeys.DB_PATH.name(), config.workDir().resolve("analytics").resolve("herald.duckdb").toAbsolutePath().toString());
        String admin = "local-admin:" + sha256(config.apiKey() + "-admin");
        keys.put(AnalyticsKeys.ADMIN_KEYS.name(), user.optional(AnalyticsKeys.ADMIN_KEYS).map(k -> k + "," + admin).orElse(admin));
        if (!user.isSet(AnalyticsKeys.DASHBOARD_OPEN)) keys.put(AnalyticsKeys.DASHBOARD_OPEN.name(), "true");
        return keys;
    }

    private static void smtp(Map<String, String> keys, Config user, String id, int port) {
        keys.put(ProviderKeys.SMTP_HOST.of(id).name(), "127.0.0.1");
        keys.put(ProviderKeys.SMTP_PORT.of(id).name(), Integer.toString(port));
        keys.put(ProviderKeys.SMTP_SECURITY.of(id).name(), "none");
        if (!user.isSet(ProviderKeys.SMTP_FROM.of(id))) keys.put(ProviderKeys.SMTP_FROM.of(id).name(), "herald@localhost.localdomain");
    }

    /** {@code port}, or a free loopback port when it is 0. */
    public static int portOrFree(int port) {
        if (port > 0) return port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
