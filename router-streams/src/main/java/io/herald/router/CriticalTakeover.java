package io.herald.router;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the critical router where the main router left the critical request topic. Routers before the critical one
 * read that topic themselves and committed their offsets under the main application id; the critical router's group
 * is new, and Streams would start it from the earliest offset: every code still in the topic's retention routed a
 * second time. So, once, before its first start, the critical group is given the main group's offsets on that topic.
 */
final class CriticalTakeover {
    private static final Logger LOG = LoggerFactory.getLogger(CriticalTakeover.class);

    private CriticalTakeover() {
    }

    /**
     * The offsets to give the critical group: none once it has any of its own on {@code topic} (it took over
     * before, or it started fresh), else the main group's offsets on {@code topic}.
     */
    static Map<TopicPartition, OffsetAndMetadata> offsetsToCopy(Map<TopicPartition, OffsetAndMetadata> criticalGroup,
                                                               Map<TopicPartition, OffsetAndMetadata> mainGroup, String topic) {
        boolean started = criticalGroup.entrySet().stream().anyMatch(e -> e.getKey().topic().equals(topic) && e.getValue() != null);
        if (started) return Map.of();
        return mainGroup.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
    }

    /**
     * Copies the offsets if needed. A failure is logged, not thrown: another router instance whose critical router
     * already runs owns the group (and its offsets), and Kafka refuses to alter an active group.
     */
    static void run(Admin admin, String mainGroup, String criticalGroup, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> critical = admin.listConsumerGroupOffsets(criticalGroup)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> main = admin.listConsumerGroupOffsets(mainGroup)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> copy = offsetsToCopy(critical, main, topic);
            if (copy.isEmpty()) return;
            admin.alterConsumerGroupOffsets(criticalGroup, copy).all().get(30, TimeUnit.SECONDS);
            LOG.info("critical router takes over {} at the offsets the router left it ({} partitions)", topic, copy.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not hand {} over to the critical router's group {}: {}", topic, criticalGroup,
                    e instanceof ExecutionException ? e.getCause().toString() : e.toString());
        }
    }
}
