package io.herald.analytics.dashboard;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lag of each dispatch lane: end offsets of {@code notify.dispatch.<channel>.<lane>.v1} minus what the
 * channel's worker group ({@code <prefix>-<channel>}) has committed. Read with the admin client at most
 * once per {@code maxAge}, so a dashboard refreshing every few seconds costs two admin calls per channel.
 */
public final class LaneLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LaneLag.class);

    /** One lane's backlog: records written to the dispatch topic that the workers have not committed. */
    public record Lag(String channel, String lane, long lag) {
    }

    private final Admin admin;
    private final String groupPrefix;
    private final Clock clock;
    private final Duration maxAge;
    private List<Lag> cached = List.of();
    private Instant readAt = Instant.MIN;

    public LaneLag(Map<String, Object> kafka, String groupPrefix, Clock clock, Duration maxAge) {
        this.admin = Admin.create(new HashMap<>(kafka));
        this.groupPrefix = groupPrefix;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public synchronized List<Lag> current() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(maxAge) < 0) return cached;
        readAt = now;
        List<Lag> lags = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            try {
                lags.addAll(read(channel));
            } catch (Exception e) {
                // A channel without topics or workers has no lag to show; the dashboard says "n/a".
                LOG.debug("lag of {} unavailable: {}", channel, e.toString());
            }
        }
        cached = List.copyOf(lags);
        return cached;
    }

    private List<Lag> read(Channel channel) throws Exception {
        String group = groupPrefix + "-" + channel.name().toLowerCase(Locale.ROOT);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        List<String> topics = new ArrayList<>();
        for (Priority lane : Priority.values()) topics.add(TopicNames.dispatch(channel, lane));
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        var descriptions = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        descriptions.forEach((topic, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
        List<Lag> lags = new ArrayList<>();
        for (Priority lane : Priority.values()) {
            String topic = TopicNames.dispatch(channel, lane);
            long lag = 0;
            for (var e : ends.entrySet()) {
                if (!e.getKey().topic().equals(topic)) continue;
                OffsetAndMetadata done = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (done == null ? 0 : done.offset()));
            }
            lags.add(new Lag(channel.name(), lane.name(), lag));
        }
        return lags;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
