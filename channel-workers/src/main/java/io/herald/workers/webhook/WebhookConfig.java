package io.herald.workers.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The webhook channel's sender.
 *
 * @param allowList    hosts and CIDR ranges exempt from the SSRF guard (comma-separated)
 * @param requireHttps refuse plain-http endpoints (off only for local stacks)
 * @param trustCaFile  PEM certificates trusted besides the JVM's own CAs (a private CA, the local stack's receiver);
 *                     null for the JVM's CAs only
 */
public record WebhookConfig(String id, String secret, Duration connectTimeout, Duration requestTimeout, double maxRate,
                            int maxConnections, String allowList, boolean requireHttps, Path trustCaFile) {
    public WebhookConfig {
        Objects.requireNonNull(id, "webhook provider id");
        Objects.requireNonNull(connectTimeout, "HERALD_WEBHOOK_CONNECT_TIMEOUT_MS");
        Objects.requireNonNull(requestTimeout, "HERALD_WEBHOOK_TIMEOUT_MS");
        if (maxRate <= 0) throw new IllegalArgumentException("HERALD_WEBHOOK_MAX_RATE must be > 0, was " + maxRate);
        if (maxConnections < 1) throw new IllegalArgumentException("HERALD_WEBHOOK_MAX_CONNECTIONS must be >= 1");
        allowList = allowList == null ? "" : allowList;
    }

    /** The JVM's CAs only. */
    public WebhookConfig(String id, String secret, Duration connectTimeout, Duration requestTimeout, double maxRate,
                         int maxConnections, String allowList, boolean requireHttps) {
        this(id, secret, connectTimeout, requestTimeout, maxRate, maxConnections, allowList, requireHttps, null);
    }

    @Override
    public String toString() {
        return "Webhook[" + id + " secret=**** connectTimeout=" + connectTimeout + " timeout=" + requestTimeout + " maxRate="
                + maxRate + "/s allowList=" + allowList + " requireHttps=" + requireHttps
                + (trustCaFile == null ? "" : " trustCaFile=" + trustCaFile) + "]";
    }
}
