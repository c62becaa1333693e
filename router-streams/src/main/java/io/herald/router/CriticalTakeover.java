package io.herald.router;

import java.util.Map;
import java.util.Set;
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
 * Those are then deleted from the main group: they would otherwise stay there for good (the main router no longer
 * reads the topic), and a critical group deleted by hand later would be handed them again, months stale.
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

    /** The main group's partitions of {@code topic}: stale once the critical group has offsets of its own there. */
    static Set<TopicPartition> offsetsToForget(Map<TopicPartition, OffsetAndMetadata> mainGroup, String topic) {
        return mainGroup.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Copies the offsets if needed, then deletes the main group's. A failure is logged, not thrown: another router instance whose critical router
     * already runs owns the group (and its offsets), and Kafka refuses to alter an active group.
     */
    static void run(Admin admin, String mainGroup, String criticalGroup, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> critical = admin.listConsumerGroupOffsets(criticalGroup)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> main = admin.listConsumerGroupOffsets(mainGroup)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> copy = offsetsToCopy(critical, main, topic);
            if (!copy.isEmpty()) {
                admin.alterConsumerGroupOffsets(criticalGroup, copy).all().get(30, TimeUnit.SECONDS);
                LOG.info("critical router takes over {} at the offsets the router left it ({} partitions)", topic, copy.size());
            }
            Set<TopicPartition> stale = offsetsToForget(main, topic);
            if (stale.isEmpty()) return;
            // Refused (GROUP_SUBSCRIBED_TO_TOPIC) while an older router of the group still reads the topic: logged below,
            // tried again at the next start.
            admin.deleteConsumerGroupOffsets(mainGroup, stale).all().get(30, TimeUnit.SECONDS);
            LOG.info("deleted the router group's offsets on {} ({} partitions): the critical router's group owns the topic",
                    topic, stale.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not hand {} over to the critical router's group {}: {}", topic, criticalGroup,
                    e instanceof ExecutionException ? e.getCause().toString() : e.toString());
        }
    }
}
