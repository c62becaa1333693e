package io.herald.workers.sms;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The Twilio account used by the SMS channel.
 *
 * @param from                sender number (E.164), or null when a messaging service is used
 * @param messagingServiceSid messaging service (MG...) choosing the sender, or null
 * @param apiBaseUrl          replaces {@code https://api.twilio.com} (regional edge, local stub), or null
 */
public record TwilioConfig(String id, String accountSid, String authToken, String from, String messagingServiceSid,
                           URI apiBaseUrl, double maxRate, int maxConnections, Duration connectTimeout, Duration readTimeout) {
    public TwilioConfig {
        Objects.requireNonNull(id, "sms provider id");
        if (accountSid == null || accountSid.isBlank()) throw new IllegalArgumentException("HERALD_TWILIO_ACCOUNT_SID is required");
        if (authToken == null || authToken.isBlank()) throw new IllegalArgumentException("HERALD_TWILIO_AUTH_TOKEN is required");
        if ((from == null || from.isBlank()) == (messagingServiceSid == null || messagingServiceSid.isBlank())) {
            throw new IllegalArgumentException("exactly one of HERALD_TWILIO_FROM and HERALD_TWILIO_MESSAGING_SERVICE_SID is required");
        }
        if (maxRate <= 0) throw new IllegalArgumentException("HERALD_TWILIO_MAX_RATE must be > 0, was " + maxRate);
        if (maxConnections < 1) throw new IllegalArgumentException("HERALD_TWILIO_MAX_CONNECTIONS must be >= 1");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** A config against {@code apiBaseUrl} (a stub) with a sender number and default limits. */
    public static TwilioConfig stub(URI apiBaseUrl, String accountSid, String authToken, String from) {
        return new TwilioConfig("twilio", accountSid, authToken, from, null, apiBaseUrl, 100, 8,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "Twilio[" + id + " account=" + accountSid + " token=**** sender=" + (from != null ? "number" : "messaging-service")
                + " api=" + (apiBaseUrl == null ? "default" : apiBaseUrl) + " maxRate=" + maxRate + "/s]";
    }
}
