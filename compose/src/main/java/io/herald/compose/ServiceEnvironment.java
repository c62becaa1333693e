package io.herald.compose;

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
 * The environment each service of the local stack reads its config from: the addresses of the
 * devkit's broker, registry and sinks, plus whatever {@code HERALD_*}/{@code KAFKA_*} the user set.
 * Services parse it with their own {@code fromEnv}, exactly as in a deployment.
 */
final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    record Addresses(String bootstrap, String registryUrl, int ingestPort, int routerPort, int workersPort,
                     int smtpPrimaryPort, int smtpSecondaryPort, String twilioUrl, String twilioSid, String twilioToken,
                     int analyticsPort) {
    }

    static Map<String, String> of(LocalStackConfig config, Addresses a, Map<String, String> userEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        // What the user exported wins for tuning keys (waves, thresholds...), never for the addresses below.
        userEnv.forEach((k, v) -> {
            if (k.startsWith("HERALD_") || k.startsWith("KAFKA_")) env.put(k, v);
        });
        env.put("KAFKA_BOOTSTRAP_SERVERS", a.bootstrap());
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", a.bootstrap());
        env.put("HERALD_SCHEMA_REGISTRY_URL", a.registryUrl());

        env.put("HERALD_ROUTER_HTTP_PORT", Integer.toString(a.routerPort()));
        env.put("HERALD_ROUTER_ADVERTISED_HOST", "127.0.0.1");
        env.put("HERALD_ROUTER_STATE_DIR", config.workDir().resolve("router-state").toAbsolutePath().toString());
        env.putIfAbsent("HERALD_ROUTER_APPLICATION_ID", "herald-router");

        env.put("HERALD_HTTP_HOST", "127.0.0.1");
        env.put("HERALD_HTTP_PORT", Integer.toString(a.workersPort()));
        env.put("HERALD_EMAIL_PROVIDERS", "smtp-primary,smtp-secondary");
        smtp(env, "SMTP_PRIMARY", a.smtpPrimaryPort());
        smtp(env, "SMTP_SECONDARY", a.smtpSecondaryPort());
        env.put("HERALD_TWILIO_ACCOUNT_SID", a.twilioSid());
        env.put("HERALD_TWILIO_AUTH_TOKEN", a.twilioToken());
        env.put("HERALD_TWILIO_API_BASE_URL", a.twilioUrl());
        env.putIfAbsent("HERALD_TWILIO_FROM", "+15005550006");
        env.putIfAbsent("HERALD_WEBHOOK_SECRET", "herald-local-webhook-secret");

        env.put("HERALD_INGEST_HOST", "127.0.0.1");
        env.put("HERALD_INGEST_PORT", Integer.toString(a.ingestPort()));
        env.put("HERALD_INGEST_ROUTER_URL", "http://127.0.0.1:" + a.routerPort());
        env.put("HERALD_INGEST_API_KEYS", LocalStackConfig.DEMO_TENANT + ":local:" + sha256(config.apiKey()));

        // Analytics: its own DuckDB file in the work dir; the dashboard is open on loopback, SQL needs the admin key.
        env.put("HERALD_ANALYTICS_HOST", "127.0.0.1");
        env.put("HERALD_ANALYTICS_PORT", Integer.toString(a.analyticsPort()));
        env.put("HERALD_ANALYTICS_DB_PATH", config.workDir().resolve("analytics").resolve("herald.duckdb").toAbsolutePath().toString());
        env.put("HERALD_ANALYTICS_ADMIN_KEYS", "local-admin:" + sha256(config.apiKey() + "-admin"));
        env.putIfAbsent("HERALD_ANALYTICS_DASHBOARD_OPEN", "true");
        return env;
    }

    private static void smtp(Map<String, String> env, String id, int port) {
        String p = "HERALD_EMAIL_" + id + "_";
        env.put(p + "HOST", "127.0.0.1");
        env.put(p + "PORT", Integer.toString(port));
        env.put(p + "TLS", "NONE");
        env.putIfAbsent(p + "FROM", "herald@localhost.localdomain");
    }

    /** {@code port}, or a free loopback port when it is 0. */
    static int portOrFree(int port) {
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
