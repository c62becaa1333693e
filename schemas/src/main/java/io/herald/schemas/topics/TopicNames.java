package io.herald.schemas.topics;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.util.Locale;

/** Every topic name Herald uses, in one place. Names carry a version suffix; a breaking change gets a new topic. */
public final class TopicNames {
    public static final String REQUEST = "notify.request.v1";
    /**
     * Requests of the critical lane (same key and value as {@link #REQUEST}, same partition count): the router takes
     * them before anything waiting in {@link #REQUEST}, so a one-time code never queues behind a campaign posted at once.
     */
    public static final String REQUEST_CRITICAL = "notify.request.critical.v1";
    /**
     * The critical router's decisions on their way to the ledger (key notificationId, JSON ledger intake; same
     * partition count as {@link #REQUEST}): critical requests are routed by a Kafka Streams application of their own,
     * so a code never waits behind the main router's backlog, and the ledger, which the main router keeps, learns
     * of them here. Router-internal: no other service reads or writes it.
     */
    public static final String CRITICAL_INTAKE = "notify.router.critical-intake.v1";
    public static final String REPLAY = "notify.replay.v1";
    public static final String OUTCOME = "notify.outcome.v1";
    public static final String PROVIDER_HEALTH = "notify.provider-health.v1";
    /** Active health probes of DOWN/HALF_OPEN providers (key providerId), published by workers, read by the router. */
    public static final String PROVIDER_PROBE = "notify.provider-probe.v1";
    public static final String PREFERENCE = "notify.preference.v1";
    /**
     * Preference changes and erasure requests (key tenant/recipientId), appended by any ingest instance and merged
     * into {@link #PREFERENCE} by the router, the single writer per recipient.
     */
    public static final String PREFERENCE_EVENT = "notify.preference-event.v1";
    public static final String CONTROL = "notify.control.v1";
    public static final String DLQ = "notify.dlq.v1";
    /** Replay runs (key replay id, JSON run record), written with the copies in one transaction. */
    public static final String REPLAY_RUNS = "notify.replay-runs.v1";

    private TopicNames() {
    }

    /** The request topic a request of {@code lane} is written to: critical requests have their own. */
    public static String request(Priority lane) {
        return lane == Priority.CRITICAL ? REQUEST_CRITICAL : REQUEST;
    }

    /** Whether {@code topic} carries {@code NotificationRequest}s as producers write them (not replays). */
    public static boolean isRequest(String topic) {
        return REQUEST.equals(topic) || REQUEST_CRITICAL.equals(topic);
    }

    /** {@code notify.dispatch.<channel>.<lane>.v1}. */
    public static String dispatch(Channel channel, Priority lane) {
        return "notify.dispatch." + lower(channel) + "." + lower(lane) + ".v1";
    }

    /** {@code notify.retry.<channel>.<tier>.v1}, e.g. {@code notify.retry.email.10s.v1}. */
    public static String retry(Channel channel, RetryTier tier) {
        return "notify.retry." + lower(channel) + "." + tier.name() + ".v1";
    }

    /** {@code notify.parked.<channel>.v1}. */
    public static String parked(Channel channel) {
        return "notify.parked." + lower(channel) + ".v1";
    }

    /** Lower-case name of an enum symbol as used in topic names and URLs. */
    public static String lower(Enum<?> symbol) {
        return symbol.name().toLowerCase(Locale.ROOT);
    }
}
