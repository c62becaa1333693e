package io.herald.compose.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.contracts.Priority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts the drill's mixed load through the ingest API at a steady rate, as a producing service would: critical
 * one-time codes ({@code otp}, a short expiry, email then SMS), transactional receipts and bulk newsletters.
 * Each message has its own recipient address and carries its idempotency key in its SMS text
 * ({@code ref <key>}), so what the sinks received can be attributed to it.
 */
public final class LoadGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REF = Pattern.compile("ref (\\S+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;
    private final String apiKey;
    private final String runId;
    private final Duration codeExpiry;
    private final Map<Priority, List<String>> channels;
    private final Clock clock;
    private final Iterator<Priority> lanes;
    private final RecipientDomains domains;
    private final Map<Priority, AtomicLong> perLane = new EnumMap<>(Priority.class);
    private final AtomicLong sequence = new AtomicLong();
    private final List<Posted> posted = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param channels the channels each lane asks for (default: critical email+sms, others email only)
     */
    public LoadGenerator(String ingestUrl, String apiKey, String runId, Mix mix, Duration codeExpiry,
                         Map<Priority, List<String>> channels, Clock clock) {
        this(ingestUrl, apiKey, runId, mix, codeExpiry, channels, RecipientDomains.LANES, clock);
    }

    /** @param domains which mail domain each recipient is on (a share on an affected destination, for a destination drill) */
    public LoadGenerator(String ingestUrl, String apiKey, String runId, Mix mix, Duration codeExpiry,
                         Map<Priority, List<String>> channels, RecipientDomains domains, Clock clock) {
        this.ingestUrl = ingestUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.runId = runId;
        this.codeExpiry = codeExpiry;
        this.channels = new EnumMap<>(channels);
        this.clock = clock;
        this.lanes = mix.sequence();
        this.domains = domains;
        for (Priority lane : Priority.values()) perLane.put(lane, new AtomicLong());
    }

    /** Channels per lane as the drill uses them by default. */
    public static Map<Priority, List<String>> defaultChannels() {
        return Map.of(Priority.CRITICAL, List.of("email", "sms"), Priority.TRANSACTIONAL, List.of("email"), Priority.BULK, List.of("email"));
    }

    /** Posts at {@code rate} per second for {@code duration}, every post tagged with {@code phase}. */
    public void run(double rate, Duration duration, Posted.Phase phase) {
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long next = start; next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) return;
            postOne(phase);
        }
    }

    /** Posts one message of the next lane in the mix; returns it, or null when the API refused it. */
    public Posted postOne(Posted.Phase phase) {
        Priority lane;
        synchronized (lanes) {
            lane = lanes.next();
        }
        return post(lane, phase);
    }

    /** Posts one message in {@code lane}; returns it, or null when the API refused it (counted in {@link #refused()}). */
    public Posted post(Priority lane, Posted.Phase phase) {
        long n = sequence.incrementAndGet();
        String key = "drill-" + runId + "-" + n;
        String laneName = lane.name().toLowerCase(Locale.ROOT);
        String domain = domains.domainOf(lane, perLane.get(lane).incrementAndGet());
        Instant now = clock.instant();
        Instant expiresAt = lane == Priority.CRITICAL ? now.plus(codeExpiry) : null;
        ObjectNode body = JSON.createObjectNode();
        body.put("priority", laneName);
        body.put("category", switch (lane) {
            case CRITICAL -> "otp";
            case TRANSACTIONAL -> "receipt";
            case BULK -> "newsletter";
        });
        body.putObject("recipient").put("id", "drill-" + laneName + "-" + (n % 100))
                .put("email", key + "@" + domain).put("phone", String.format(Locale.ROOT, "+1415555%04d", n % 10_000));
        channels.getOrDefault(lane, List.of("email")).forEach(body.putArray("channels")::add);
        String code = String.format(Locale.ROOT, "%06d", (n * 7919) % 1_000_000);
        body.putObject("content").put("subject", lane == Priority.CRITICAL ? "Your code" : lane == Priority.BULK ? "Our news" : "Your receipt")
                .put("text", "Herald drill " + runId + ": " + (lane == Priority.CRITICAL ? "your code is " + code : laneName + " message " + n))
                .put("sms", "Code " + code + " ref " + key);
        if (expiresAt != null) body.put("expiresAt", expiresAt.toString());
        // A producer's duty: a POST whose answer was lost is sent again with the same key, so the API answers with the
        // id it already accepted instead of the drill missing (or doubling) a notification.
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/notifications"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", key)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 401 || status == 403) {
                    throw new IllegalStateException("the ingest API refused the API key (--api-key): HTTP " + status);
                }
                if (status == 202 || status == 200) {
                    Posted p = new Posted(JSON.readTree(response.body()).path("id").asText(), key, lane, now, expiresAt, phase, domain);
                    posted.add(p);
                    return p;
                }
                if (status < 500 && status != 429) break;
            } catch (IOException e) {
                // lost answer or no connection: try again with the same key
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        refused.incrementAndGet();
        return null;
    }

    /** Everything accepted so far, in posting order. */
    public List<Posted> posted() {
        synchronized (posted) {
            return List.copyOf(posted);
        }
    }

    /** Posts the API did not accept (rate limits, errors); they are not part of the reconciliation. */
    public long refused() {
        return refused.get();
    }

    /** The idempotency key a drill SMS text carries, if any. */
    public static java.util.Optional<String> refOf(String smsText) {
        if (smsText == null) return java.util.Optional.empty();
        Matcher m = REF.matcher(smsText);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
