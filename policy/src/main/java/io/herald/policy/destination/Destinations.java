package io.herald.policy.destination;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a recipient's messages actually land, named so that health can be tracked per landing place
 * beside per provider. Pure.
 *
 * <p>An email destination is the MX rollup of the recipient's domain: every domain whose mail exchangers
 * sit under {@code *.mail.protection.outlook.com} is {@value #EXCHANGE_ONLINE}, under {@code *.google.com}
 * or {@code *.googlemail.com} is {@value #GOOGLE_WORKSPACE}; any other domain is its own destination. A
 * webhook endpoint's destination is {@code webhook:<host>}. Health records of destinations are keyed
 * {@code destination:<name>} on the provider-health topic, so a destination can never be mistaken for a
 * provider id.
 */
public final class Destinations {
    public static final String EXCHANGE_ONLINE = "exchange-online";
    public static final String GOOGLE_WORKSPACE = "google-workspace";
    public static final String WEBHOOK_PREFIX = "webhook:";
    public static final String HEALTH_KEY_PREFIX = "destination:";
    /** Park reason prefix: {@code destination-down:<name>}. */
    public static final String DOWN_REASON_PREFIX = "destination-down:";

    private static final List<Rollup> ROLLUPS = List.of(
            new Rollup(".mail.protection.outlook.com", EXCHANGE_ONLINE),
            new Rollup(".google.com", GOOGLE_WORKSPACE),
            new Rollup(".googlemail.com", GOOGLE_WORKSPACE));

    private record Rollup(String mxSuffix, String destination) {
    }

    private Destinations() {
    }

    /** The lower-case domain of an email address, without a trailing dot; null when there is none. */
    public static String domainOf(String email) {
        if (email == null) return null;
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) return null;
        return normalise(email.substring(at + 1));
    }

    /**
     * The destination of {@code domain} given its MX hosts: the first host under a known mail service
     * names that service (MX preference order is the caller's; a domain split across services is rare
     * and its primary exchanger decides); no known host, or no MX at all, leaves the domain itself.
     */
    public static String rollup(String domain, List<String> mxHosts) {
        String own = normalise(domain);
        if (own == null) throw new IllegalArgumentException("domain must not be blank");
        for (String host : mxHosts) {
            String h = normalise(host);
            if (h == null) continue;
            for (Rollup r : ROLLUPS) {
                if (h.endsWith(r.mxSuffix())) return r.destination();
            }
        }
        return own;
    }

    /** {@code webhook:<host>} for a webhook URL; null when the URL has no host (the worker rejects it anyway). */
    public static String ofWebhook(String url) {
        if (url == null) return null;
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null || host.isBlank() ? null : WEBHOOK_PREFIX + normalise(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key of a destination's record on the provider-health topic (and in every health view). */
    public static String healthKey(String destination) {
        return HEALTH_KEY_PREFIX + destination;
    }

    /** Whether a health-topic key names a destination rather than a provider. */
    public static boolean isHealthKey(String key) {
        return key != null && key.startsWith(HEALTH_KEY_PREFIX);
    }

    /** The park reason for a notification held back because its destination is down. */
    public static String downReason(String destination) {
        return DOWN_REASON_PREFIX + destination;
    }

    static String normalise(String name) {
        if (name == null) return null;
        String s = name.trim().toLowerCase(Locale.ROOT);
        while (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        return s.isEmpty() ? null : s;
    }
}
