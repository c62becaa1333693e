package io.herald.replay.report;

import io.herald.replay.engine.BacklogDecoder;
import io.herald.replay.engine.BoundedScan;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.mask.PiiMask;
import io.herald.replay.select.BacklogEntry;
import io.herald.replay.select.ReplayFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/** Reads a backlog topic up to its current end and summarises the selected records by one dimension. */
public final class Inspector {
    private final ReplayClients clients;

    public Inspector(ReplayClients clients) {
        this.clients = clients;
    }

    public InspectReport inspect(String topic, SourceKind kind, ReplayFilter filter, GroupBy groupBy, int maxSamples) {
        BacklogDecoder decoder = new BacklogDecoder(kind == null ? SourceKind.of(topic) : kind, clients.topics());
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Instant[]> spans = new HashMap<>();
        List<String> samples = new ArrayList<>();
        long[] totals = new long[3]; // scanned, selected, unreadable
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, clients.timeout()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            BoundedScan.scan(consumer, partitions, null, clients.timeout(), record -> {
                totals[0]++;
                BacklogEntry entry;
                try {
                    entry = decoder.entry(record);
                } catch (SerializationException e) {
                    totals[2]++;
                    return;
                }
                if (!filter.test(entry)) return;
                totals[1]++;
                String group = groupBy.groupOf(entry);
                counts.computeIfAbsent(group, g -> new long[1])[0]++;
                Instant[] span = spans.computeIfAbsent(group, g -> new Instant[2]);
                if (entry.timestamp() != null) {
                    if (span[0] == null || entry.timestamp().isBefore(span[0])) span[0] = entry.timestamp();
                    if (span[1] == null || entry.timestamp().isAfter(span[1])) span[1] = entry.timestamp();
                }
                if (samples.size() < maxSamples) samples.add(sample(entry));
            });
        }
        List<InspectReport.Group> groups = counts.entrySet().stream()
                .map(e -> new InspectReport.Group(e.getKey(), e.getValue()[0], spans.get(e.getKey())[0], spans.get(e.getKey())[1]))
                .sorted(Comparator.comparingLong(InspectReport.Group::count).reversed().thenComparing(InspectReport.Group::key))
                .toList();
        return new InspectReport(topic, groupBy, totals[0], totals[1], totals[2], groups, samples);
    }

    /** One line per sample: position, ids, routing facts and the masked recipient; never content or raw addresses. */
    static String sample(BacklogEntry e) {
        StringBuilder line = new StringBuilder();
        line.append(e.partition()).append('@').append(e.offset()).append(' ').append(Objects.toString(e.key(), "-"));
        append(line, "tenant", e.tenantId());
        append(line, "channel", e.channel() == null ? null : e.channel().name().toLowerCase(java.util.Locale.ROOT));
        append(line, "lane", e.lane() == null ? null : e.lane().name().toLowerCase(java.util.Locale.ROOT));
        append(line, "reason", e.reason());
        append(line, "provider", e.provider());
        append(line, "code", e.providerCode());
        append(line, "at", e.timestamp() == null ? null : e.timestamp().toString());
        if (e.request() != null) append(line, "to", "[" + PiiMask.recipient(e.request().getRecipient()) + "]");
        return line.toString();
    }

    private static void append(StringBuilder line, String name, String value) {
        if (value != null) line.append(' ').append(name).append('=').append(value);
    }
}
