package io.herald.compose.drill;

import io.herald.contracts.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How an exchange-outage drill runs and where the stack it drills listens.
 *
 * @param duration      the outage window
 * @param rate          posts per second, before, during and after the window
 * @param mix           lane weights
 * @param inject        scripted sink faults or an operator override
 * @param warmup        load before the outage (the providers are healthy)
 * @param cooldown      load after the providers are restored
 * @param drainTimeout  how long to wait after the cooldown for every notification to end or stay parked
 * @param settle        a notification with an event this recent is in flight, not lost
 * @param codeExpiry    the expiry of the critical codes
 * @param reportDir     where {@code exchange-outage-<run>.json/.md} go
 * @param ingestUrl     the ingest API
 * @param apiKey        its key (tenant of the local stack: demo)
 * @param sinksUrl      the sink console; null when the stack has none (real providers)
 * @param bootstrap     Kafka, to read the event log and publish overrides
 * @param registryUrl   the Confluent-compatible registry API
 * @param mailProviders the mail providers the outage hits
 * @param channels      the channels each lane asks for
 * @param domains       which recipients are on the affected domains (a recipient-destination drill); {@link RecipientDomains#LANES} for none
 * @param destination   the destination those domains map to (a recipient-destination drill); null for a provider outage drill
 */
public record DrillSettings(Duration duration, double rate, Mix mix, Inject inject, Duration warmup, Duration cooldown,
                            Duration drainTimeout, Duration settle, Duration codeExpiry, Path reportDir, String ingestUrl, String apiKey,
                            String sinksUrl, String bootstrap, String registryUrl, List<String> mailProviders,
                            Map<Priority, List<String>> channels, RecipientDomains domains, String destination) {
    /** A provider outage drill: every mail provider fails for every recipient. */
    public DrillSettings(Duration duration, double rate, Mix mix, Inject inject, Duration warmup, Duration cooldown,
                         Duration drainTimeout, Duration settle, Duration codeExpiry, Path reportDir, String ingestUrl, String apiKey,
                         String sinksUrl, String bootstrap, String registryUrl, List<String> mailProviders,
                         Map<Priority, List<String>> channels) {
        this(duration, rate, mix, inject, warmup, cooldown, drainTimeout, settle, codeExpiry, reportDir, ingestUrl, apiKey, sinksUrl,
                bootstrap, registryUrl, mailProviders, channels, RecipientDomains.LANES, null);
    }

    /** How the outage is made. */
    public enum Inject { SCRIPTED, OVERRIDE }

    public DrillSettings {
        positive("--duration", duration);
        if (!(rate > 0) || rate > 1000) throw new IllegalArgumentException("--rate must be in (0, 1000] messages per second, was " + rate);
        Objects.requireNonNull(mix, "--mix");
        Objects.requireNonNull(inject, "--inject");
        notNegative("--warmup", warmup);
        notNegative("--cooldown", cooldown);
        notNegative("--drain-timeout", drainTimeout);
        notNegative("--settle", settle);
        positive("--code-expiry", codeExpiry);
        if (inject == Inject.SCRIPTED && (sinksUrl == null || sinksUrl.isBlank())) {
            throw new IllegalArgumentException("--inject scripted needs the sink console (--sinks-url); use --inject override for real providers");
        }
        if (mailProviders.isEmpty()) throw new IllegalArgumentException("--mail-providers must name at least one provider");
        mailProviders = List.copyOf(mailProviders);
        channels = Map.copyOf(channels);
        if (domains == null) domains = RecipientDomains.LANES;
        if (destination != null) {
            if (domains.affectedPercent() == 0) throw new IllegalArgumentException("--share must be above 0% for a recipient-destination drill");
            // A destination's outage is its recipients' mail server refusing them: only the sinks can play that.
            if (inject != Inject.SCRIPTED) throw new IllegalArgumentException("a recipient-destination drill needs --inject scripted (the sink console)");
        }
    }

    /** Whether this drill fails one recipient destination rather than the mail providers. */
    public boolean recipientDestination() {
        return destination != null;
    }

    /** What the report prints as the drill's settings. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inject", inject.name().toLowerCase(Locale.ROOT));
        out.put("duration", duration.toSeconds() + "s");
        out.put("rate", rate + "/s");
        out.put("mix", mix.toString());
        out.put("warmup", warmup.toSeconds() + "s");
        out.put("cooldown", cooldown.toSeconds() + "s");
        out.put("codeExpiry", codeExpiry.toSeconds() + "s");
        out.put("mailProviders", String.join(",", mailProviders));
        if (destination != null) {
            out.put("destination", destination);
            out.put("share", domains.affectedPercent() + "%");
            out.put("domains", String.join(",", domains.affectedDomains()));
        }
        return out;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be a positive duration");
    }

    private static void notNegative(String name, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must not be negative");
    }
}
