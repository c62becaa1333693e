package io.herald.replay.report;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.RecipientPreference;
import io.herald.replay.dryrun.DryRunAction;
import io.herald.replay.dryrun.DryRunClassifier;
import io.herald.replay.engine.BacklogDecoder;
import io.herald.replay.engine.BoundedScan;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.select.BacklogEntry;
import io.herald.replay.select.ReplayFilter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Predicts a replay without writing anything: reads the selection, then the evidence the router's replay
 * intake would use — outcomes ("already SENT?") and recipient preferences ("opted out?") — and classifies
 * each message with {@link DryRunClassifier}.
 *
 * <p>"Already sent" comes from {@code notify.outcome.v1}, not from the router's status endpoint: it works
 * whether or not the router is up, it is the very log the router's ledger is built from, and it costs one
 * bounded read in which keys are tested before any value is decoded (one HTTP call per message would cost
 * more for large backlogs and would load the router during an incident).
 */
public final class DryRun {
    private final ReplayClients clients;
    private final String outcomeTopic;
    private final String preferenceTopic;
    private final Clock clock;

    public DryRun(ReplayClients clients, String outcomeTopic, String preferenceTopic, Clock clock) {
        this.clients = clients;
        this.outcomeTopic = outcomeTopic;
        this.preferenceTopic = preferenceTopic;
        this.clock = clock;
    }

    public DryRunReport run(String topic, SourceKind kind, ReplayFilter filter) {
        BacklogDecoder decoder = new BacklogDecoder(kind == null ? SourceKind.of(topic) : kind, clients.topics());
        var requests = clients.topics().request().valueSerde().deserializer();
        List<BacklogEntry> selected = new ArrayList<>();
        long[] scanned = new long[1];
        scanTopic(topic, k -> true, (key, record) -> {
            scanned[0]++;
            try {
                BacklogEntry entry = decoder.entry(record);
                if (!filter.test(entry)) return;
                if (entry.request() == null && decoder.kind() == SourceKind.DLQ) entry = withDlqRequest(entry, record.value(), requests);
                selected.add(entry);
            } catch (SerializationException e) {
                // unreadable records are never replayed as requests; inspect counts them
            }
        });
        List<String> notes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> prefKeys = new HashSet<>();
        for (BacklogEntry e : selected) {
            if (e.notificationId() != null) ids.add(e.notificationId());
            if (e.request() != null) prefKeys.add(e.request().getTenantId() + "/" + e.request().getRecipient().getRecipientId());
        }
        Set<String> sent = alreadySent(ids, notes);
        Map<String, RecipientPreference> preferences = preferences(prefKeys, notes);
        Instant now = clock.instant();
        Map<DryRunAction, Long> counts = new EnumMap<>(DryRunAction.class);
        List<DryRunReport.Line> lines = new ArrayList<>();
        for (BacklogEntry e : selected) {
            NotificationRequest request = e.request();
            RecipientPreference preference = request == null ? null
                    : preferences.get(request.getTenantId() + "/" + request.getRecipient().getRecipientId());
            Instant expiresAt = e.expiresAt() != null ? e.expiresAt() : request == null ? null : BacklogEntry.resolvedExpiry(request);
            boolean wasSent = e.notificationId() != null && sent.contains(e.notificationId());
            boolean suppressed = DryRunClassifier.suppressed(request, preference);
            DryRunAction action = DryRunClassifier.classify(now, expiresAt, wasSent, suppressed);
            counts.merge(action, 1L, Long::sum);
            lines.add(new DryRunReport.Line(e.partition(), e.offset(), e.notificationId(), action, why(action, expiresAt)));
        }
        return new DryRunReport(topic, scanned[0], selected.size(), counts, lines, notes);
    }

    private static String why(DryRunAction action, Instant expiresAt) {
        return switch (action) {
            case WOULD_EXPIRE -> "expired at " + expiresAt;
            case WOULD_SKIP_ALREADY_SENT -> "SENT outcome on record";
            case WOULD_SUPPRESS -> "every requested channel opted out";
            case WOULD_SEND -> expiresAt == null ? "no expiry known" : "valid until " + expiresAt;
        };
    }

    private static BacklogEntry withDlqRequest(BacklogEntry e, byte[] value,
                                               org.apache.kafka.common.serialization.Deserializer<NotificationRequest> requests) {
        try {
            NotificationRequest r = requests.deserialize(e.topic(), value);
            return new BacklogEntry(e.topic(), e.partition(), e.offset(), e.key(), e.timestamp(), e.channel(), r.getPriority(),
                    null, null, e.reason(), r.getTenantId(), r.getNotificationId(), BacklogEntry.resolvedExpiry(r), r);
        } catch (RuntimeException notARequest) {
            return e; // other dead letters (dispatch commands, garbage) are passed through as bytes
        }
    }

    private Set<String> alreadySent(Set<String> ids, List<String> notes) {
        Set<String> sent = new HashSet<>();
        if (ids.isEmpty()) return sent;
        var outcomes = clients.topics().outcome().valueSerde().deserializer();
        if (!scanTopic(outcomeTopic, ids::contains, (key, record) -> {
            if (record.value() == null) return;
            try {
                DeliveryOutcome o = outcomes.deserialize(record.topic(), record.value());
                if (o.getStatus() == OutcomeStatus.SENT || o.getStatus() == OutcomeStatus.DELIVERED) sent.add(o.getNotificationId());
            } catch (SerializationException e) {
                // an unreadable outcome proves nothing
            }
        })) {
            notes.add("outcome topic " + outcomeTopic + " not found: 'already sent' not checked");
        }
        return sent;
    }

    private Map<String, RecipientPreference> preferences(Set<String> keys, List<String> notes) {
        Map<String, RecipientPreference> preferences = new HashMap<>();
        if (keys.isEmpty()) return preferences;
        var deserializer = clients.topics().preference().valueSerde().deserializer();
        if (!scanTopic(preferenceTopic, keys::contains, (key, record) -> {
            if (record.value() == null) {
                preferences.remove(key);
                return;
            }
            try {
                preferences.put(key, deserializer.deserialize(record.topic(), record.value()));
            } catch (SerializationException e) {
                // keep the previous version
            }
        })) {
            notes.add("preference topic " + preferenceTopic + " not found: suppression not checked");
        }
        return preferences;
    }

    /** Scans a whole topic up to its current end; false when the topic does not exist. */
    private boolean scanTopic(String topic, Predicate<String> keys,
                              BiConsumer<String, org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            var infos = consumer.partitionsFor(topic, clients.timeout());
            if (infos == null || infos.isEmpty()) return false;
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            BoundedScan.scan(consumer, partitions, null, clients.timeout(), record -> {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (keys.test(key)) each.accept(key, record);
            });
            return true;
        }
    }
}
