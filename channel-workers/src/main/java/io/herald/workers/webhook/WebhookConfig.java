package io.herald.workers.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The webhook channel's sender.
 *
 * @param secrets      the per-tenant signing secrets
 * @param requestTimeout the whole request's deadline: connecting, sending and the status line together
 * @param allowList    hosts and CIDR ranges exempt from the SSRF guard (comma-separated)
 * @param requireHttps refuse plain-http endpoints (off only for local stacks)
 * @param trustCaFile  PEM certificates trusted besides the JVM's own CAs (a private CA, the local stack's receiver);
 *                     null for the JVM's CAs only
 */
public record WebhookConfig(String id, TenantSecrets secrets, Duration connectTimeout, Duration requestTimeout, double maxRate,
                            int maxConnections, String allowList, boolean requireHttps, Path trustCaFile) {
    public WebhookConfig {
        Objects.requireNonNull(id, "webhook provider id");
        Objects.requireNonNull(secrets, "webhook.secret");
        Objects.requireNonNull(connectTimeout, "webhook.connect-timeout");
        Objects.requireNonNull(requestTimeout, "webhook.timeout");
        if (maxRate <= 0) throw new IllegalArgumentException("webhook.max-rate must be > 0, was " + maxRate);
        if (maxConnections < 1) throw new IllegalArgumentException("webhook.max-connections must be >= 1");
        allowList = allowList == null ? "" : allowList;
    }

    /** The JVM's CAs only; every tenant's secret derived from {@code masterSecret}. */
    public WebhookConfig(String id, String masterSecret, Duration connectTimeout, Duration requestTimeout, double maxRate,
                         int maxConnections, String allowList, boolean requireHttps) {
        this(id, new TenantSecrets(masterSecret, null, Map.of()), connectTimeout, requestTimeout, maxRate, maxConnections, allowList,
                requireHttps, null);
    }

    @Override
    public String toString() {
        return "Webhook[" + id + " " + secrets + " connectTimeout=" + connectTimeout + " timeout=" + requestTimeout + " maxRate="
                + maxRate + "/s allowList=" + allowList + " requireHttps=" + requireHttps
                + (trustCaFile == null ? "" : " trustCaFile=" + trustCaFile) + "]";
    }
}
