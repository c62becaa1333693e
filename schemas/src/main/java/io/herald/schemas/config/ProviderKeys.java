package io.herald.schemas.config;

import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery providers, declared once for every service: the router chooses among the ids listed here and
 * the workers deliver through them. {@code email.providers=smtp-primary,smtp-secondary} (failover order)
 * with {@code email.provider.<id>.*}; {@code sms.providers=twilio} with {@code sms.provider.<id>.*}.
 */
public final class ProviderKeys {
    /** How an SMTP connection is secured. */
    public enum SmtpSecurity { NONE, STARTTLS, SMTPS }

    private static final String MS = "ms";

    public static final Key<List<String>> EMAIL_PROVIDERS = Key.ids("email.providers").defaultValue(List.of()).defaultText("none")
            .legacy("HERALD_ROUTER_PROVIDERS_EMAIL")
            .doc("Email provider ids in failover order, e.g. `smtp-primary,smtp-secondary`; none = no email channel.").build();
    public static final Key<String> SMTP_HOST = Key.string("email.provider.<id>.host").idsFrom(EMAIL_PROVIDERS).required()
            .legacy("HERALD_EMAIL_<ID>_HOST").doc("SMTP server host.").build();
    public static final Key<SmtpSecurity> SMTP_SECURITY = Key.enumeration("email.provider.<id>.security", SmtpSecurity.class)
            .idsFrom(EMAIL_PROVIDERS).defaultValue(SmtpSecurity.STARTTLS).legacy("HERALD_EMAIL_<ID>_TLS")
            .doc("`starttls` (required, no plain-text fallback), `smtps` (TLS from the first byte) or `none` (local sinks only).").build();
    public static final Key<Integer> SMTP_PORT = Key.integer("email.provider.<id>.port").idsFrom(EMAIL_PROVIDERS)
            .check(p -> p > 0 && p <= 65_535, "must be a port (1-65535)").defaultText("587 (465 with smtps)")
            .legacy("HERALD_EMAIL_<ID>_PORT").doc("SMTP server port.").build();
    public static final Key<String> SMTP_USERNAME = Key.string("email.provider.<id>.username").idsFrom(EMAIL_PROVIDERS)
            .legacy("HERALD_EMAIL_<ID>_USERNAME").doc("SMTP AUTH user; none = no authentication.").build();
    public static final Key<String> SMTP_PASSWORD = Key.string("email.provider.<id>.password").idsFrom(EMAIL_PROVIDERS).secret()
            .legacy("HERALD_EMAIL_<ID>_PASSWORD").doc("SMTP AUTH password.").build();
    public static final Key<String> SMTP_FROM = Key.string("email.provider.<id>.from").idsFrom(EMAIL_PROVIDERS).required()
            .legacy("HERALD_EMAIL_<ID>_FROM").doc("Envelope and header sender, e.g. `alerts@example.com`.").build();
    public static final Key<Double> SMTP_MAX_RATE = Key.decimal("email.provider.<id>.max-rate").idsFrom(EMAIL_PROVIDERS)
            .defaultValue(50.0).check(r -> r > 0, "must be > 0").legacy("HERALD_EMAIL_<ID>_MAX_RATE")
            .doc("Messages per second at most (adaptive pacing only lowers it).").build();
    public static final Key<Integer> SMTP_MAX_CONNECTIONS = Key.integer("email.provider.<id>.max-connections").idsFrom(EMAIL_PROVIDERS)
            .defaultValue(4).check(n -> n >= 1, "must be >= 1").legacy("HERALD_EMAIL_<ID>_MAX_CONNECTIONS")
            .doc("Concurrent SMTP connections at most (Exchange Online allows 3 per mailbox).").build();
    public static final Key<Path> SMTP_TRUST_CA_FILE = Key.path("email.provider.<id>.trust-ca-file").idsFrom(EMAIL_PROVIDERS)
            .legacy("HERALD_EMAIL_<ID>_TRUST_CA_FILE")
            .doc("PEM file of a private CA or self-signed certificate trusted for this provider only (host name still checked); "
                    + "needs `starttls` or `smtps`; an unreadable file stops the workers at start-up.").build();
    public static final Key<Duration> SMTP_CONNECT_TIMEOUT = Key.duration("email.provider.<id>.connect-timeout").idsFrom(EMAIL_PROVIDERS)
            .defaultValue(Duration.ofSeconds(5)).check(ProviderKeys::positive, "must be positive")
            .legacy("HERALD_EMAIL_<ID>_CONNECT_TIMEOUT_MS").legacyValue(ProviderKeys::millis).doc("TCP connect timeout.").build();
    public static final Key<Duration> SMTP_READ_TIMEOUT = Key.duration("email.provider.<id>.read-timeout").idsFrom(EMAIL_PROVIDERS)
            .defaultValue(Duration.ofSeconds(30)).check(ProviderKeys::positive, "must be positive")
            .legacy("HERALD_EMAIL_<ID>_READ_TIMEOUT_MS").legacyValue(ProviderKeys::millis)
            .doc("Reply timeout; a timeout after the message was handed over is UNCERTAIN, not resent blindly.").build();

    public static final Key<String> SMTP_PROBE_ADDRESS = Key.string("email.provider.<id>.probe-address").idsFrom(EMAIL_PROVIDERS)
            .secret().check(a -> a.indexOf('@') > 0, "must be an address like postmaster@example.com")
            .defaultText("postmaster@ the domain of `from`").legacy("HERALD_EMAIL_<ID>_PROBE_ADDRESS")
            .doc("RCPT TO of the health probe of a DOWN or HALF_OPEN provider (no message is ever sent; never logged).").build();

    public static final Key<List<String>> SMS_PROVIDERS = Key.ids("sms.providers").defaultValue(List.of()).defaultText("none")
            .legacy("HERALD_ROUTER_PROVIDERS_SMS", "HERALD_SMS_PROVIDER_ID")
            .doc("SMS provider ids (Twilio API) in failover order, e.g. `twilio`; none = no SMS channel.").build();
    public static final Key<String> SMS_ACCOUNT_SID = Key.string("sms.provider.<id>.account-sid").idsFrom(SMS_PROVIDERS).required()
            .legacy("HERALD_TWILIO_ACCOUNT_SID").doc("Twilio account SID.").build();
    public static final Key<String> SMS_AUTH_TOKEN = Key.string("sms.provider.<id>.auth-token").idsFrom(SMS_PROVIDERS).required().secret()
            .legacy("HERALD_TWILIO_AUTH_TOKEN").doc("Twilio auth token.").build();
    public static final Key<String> SMS_FROM = Key.string("sms.provider.<id>.from").idsFrom(SMS_PROVIDERS)
            .legacy("HERALD_TWILIO_FROM").doc("Sender number (E.164); this or `messaging-service-sid` is needed.").build();
    public static final Key<String> SMS_MESSAGING_SERVICE_SID = Key.string("sms.provider.<id>.messaging-service-sid")
            .idsFrom(SMS_PROVIDERS).legacy("HERALD_TWILIO_MESSAGING_SERVICE_SID").doc("Twilio Messaging Service SID.").build();
    public static final Key<URI> SMS_BASE_URL = Key.uri("sms.provider.<id>.base-url").idsFrom(SMS_PROVIDERS)
            .defaultText("https://api.twilio.com").legacy("HERALD_TWILIO_API_BASE_URL")
            .doc("API base URL (a Twilio-compatible endpoint, or the local stub).").build();
    public static final Key<Double> SMS_MAX_RATE = Key.decimal("sms.provider.<id>.max-rate").idsFrom(SMS_PROVIDERS)
            .defaultValue(50.0).check(r -> r > 0, "must be > 0").legacy("HERALD_TWILIO_MAX_RATE").doc("Messages per second at most.").build();
    public static final Key<Integer> SMS_MAX_CONNECTIONS = Key.integer("sms.provider.<id>.max-connections").idsFrom(SMS_PROVIDERS)
            .defaultValue(8).check(n -> n >= 1, "must be >= 1").legacy("HERALD_TWILIO_MAX_CONNECTIONS")
            .doc("Concurrent API requests at most.").build();
    public static final Key<Duration> SMS_CONNECT_TIMEOUT = Key.duration("sms.provider.<id>.connect-timeout").idsFrom(SMS_PROVIDERS)
            .defaultValue(Duration.ofSeconds(5)).check(ProviderKeys::positive, "must be positive")
            .legacy("HERALD_TWILIO_CONNECT_TIMEOUT_MS").legacyValue(ProviderKeys::millis).doc("Connect timeout.").build();
    public static final Key<Duration> SMS_READ_TIMEOUT = Key.duration("sms.provider.<id>.read-timeout").idsFrom(SMS_PROVIDERS)
            .defaultValue(Duration.ofSeconds(15)).check(ProviderKeys::positive, "must be positive")
            .legacy("HERALD_TWILIO_READ_TIMEOUT_MS").legacyValue(ProviderKeys::millis).doc("Read timeout.").build();

    public static final Key<String> WEBHOOK_PROVIDER_ID = Key.string("webhook.provider-id").defaultValue("webhook")
            .legacy("HERALD_WEBHOOK_PROVIDER_ID", "HERALD_ROUTER_PROVIDERS_WEBHOOK").legacyValue(v -> v.split(",")[0].trim())
            .doc("Provider id of the webhook channel in health state and outcomes.").build();

    public static final Key<Integer> HALF_OPEN_TRICKLE_PERCENT = Key.integer("health.half-open.trickle-percent").defaultValue(10)
            .check(p -> p >= 0 && p <= 100, "must be 0..100").legacy("HERALD_ROUTER_HALF_OPEN_TRICKLE_PERCENT")
            // The workers' old key was a rate (messages per second), which cannot say which notifications probe: a
            // positive rate means the default share, 0 means none.
            .legacy("HERALD_HALF_OPEN_RATE", ProviderKeys::legacyRate)
            .doc("Share of a HALF_OPEN provider's traffic that probes its recovery, in percent — one notion for router and workers.")
            .build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Providers",
            "Declared once and read by every service: the router chooses among these ids, the workers deliver through them. "
                    + "Per-provider keys exist for each id listed: `email.provider.smtp-primary.host` is "
                    + "`HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_HOST`.",
            EMAIL_PROVIDERS, SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_MAX_RATE,
            SMTP_MAX_CONNECTIONS, SMTP_TRUST_CA_FILE, SMTP_CONNECT_TIMEOUT, SMTP_READ_TIMEOUT, SMTP_PROBE_ADDRESS,
            SMS_PROVIDERS, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM, SMS_MESSAGING_SERVICE_SID, SMS_BASE_URL, SMS_MAX_RATE,
            SMS_MAX_CONNECTIONS, SMS_CONNECT_TIMEOUT, SMS_READ_TIMEOUT, WEBHOOK_PROVIDER_ID, HALF_OPEN_TRICKLE_PERCENT)
            .owning("email", "sms");

    private ProviderKeys() {
    }

    /**
     * Before this release a single Twilio account was configured without naming its id
     * ({@code HERALD_TWILIO_ACCOUNT_SID}); such an environment still means one SMS provider, {@code twilio}.
     */
    public static Map<String, String> withLegacySmsProvider(Map<String, String> env) {
        boolean legacyTwilio = env.containsKey("HERALD_TWILIO_ACCOUNT_SID");
        boolean listed = env.containsKey(SMS_PROVIDERS.envName()) || env.containsKey(SMS_PROVIDERS.name())
                || env.containsKey("HERALD_ROUTER_PROVIDERS_SMS") || env.containsKey("HERALD_SMS_PROVIDER_ID");
        if (!legacyTwilio || listed) return env;
        Map<String, String> out = new HashMap<>(env);
        out.put("HERALD_SMS_PROVIDER_ID", "twilio");
        return out;
    }

    private static String legacyRate(String value) {
        try {
            return Double.parseDouble(value) <= 0 ? "0" : "10";
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static String millis(String legacy) {
        return legacy.matches("\\d+") ? legacy + MS : legacy;
    }
}
