package io.herald.compose.config;

import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import java.nio.file.Path;

/**
 * The one-JVM local stack's own keys ({@code herald up}). Everything else it reads is a service key: a
 * configured {@code kafka.bootstrap.servers}, {@code schema.registry.url}, {@code email.providers} or
 * {@code sms.providers} replaces the embedded counterpart.
 */
public final class LocalKeys {
    public static final Key<Integer> KAFKA_PORT = port("local.kafka.port", 19092, "HERALD_KAFKA_PORT",
            "Port of the embedded Kafka broker (when `kafka.bootstrap.servers` is not configured).");
    public static final Key<Integer> REGISTRY_PORT = port("local.registry.port", 8081, "HERALD_REGISTRY_PORT",
            "Port of the local schema registry (when `schema.registry.url` is not configured).");
    public static final Key<Integer> SMTP_PORT = port("local.smtp-primary.port", 2525, "HERALD_SMTP_PORT",
            "Port of the local mail sink of provider `smtp-primary` (when `email.providers` is not configured).");
    public static final Key<Integer> SMTP_SECONDARY_PORT = port("local.smtp-secondary.port", 2526, "HERALD_SMTP_SECONDARY_PORT",
            "Port of the local mail sink of provider `smtp-secondary`.");
    public static final Key<Integer> TWILIO_PORT = port("local.twilio.port", 8089, "HERALD_TWILIO_PORT",
            "Port of the local SMS sink speaking Twilio's API (when `sms.providers` is not configured).");
    public static final Key<Integer> ROUTER_PORT = port("local.router.http.port", 8082, null,
            "Router HTTP port in the local stack unless `router.http.port` is set (8081 is the registry's).");
    public static final Key<Integer> WORKERS_PORT = port("local.workers.http.port", 8083, null,
            "Workers' HTTP port in the local stack unless `workers.http.port` is set.");
    public static final Key<Path> WORK_DIR = Key.path("local.work-dir").defaultValue(Path.of("target/herald-local"))
            .legacy("HERALD_WORK_DIR").doc("Broker data, router state and the registry's files; emptied at every start.").build();
    public static final Key<String> API_KEY = Key.string("local.api-key").defaultValue("herald-local-key")
            .check(k -> k.length() >= 8, "must have 8+ characters").legacy("HERALD_LOCAL_API_KEY")
            .doc("The demo tenant's ingest API key (printed in the banner: for local use only).").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Local stack",
            "`herald up [--config FILE]`: everything in one JVM. Ports 0 pick free ports. Anything configured in the file — Kafka, "
                    + "registry, email or SMS providers — is used instead of its embedded counterpart.",
            KAFKA_PORT, REGISTRY_PORT, SMTP_PORT, SMTP_SECONDARY_PORT, TWILIO_PORT, ROUTER_PORT, WORKERS_PORT, WORK_DIR, API_KEY)
            .owning("local");

    private LocalKeys() {
    }

    private static Key<Integer> port(String name, int port, String legacy, String doc) {
        Key.Builder<Integer> b = Key.integer(name).defaultValue(port).check(p -> p >= 0 && p <= 65_535, "must be a port (0-65535)")
                .doc(doc);
        if (legacy != null) b.legacy(legacy);
        return b.build();
    }
}
