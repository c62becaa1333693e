package io.herald.devkit.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TestClients;
import io.herald.devkit.kafka.TopicNames;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.LoopState;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The supervised background consumer against the real embedded broker. */
@WithKafka
class SupervisedFollowerIT {
    /** Long enough to see the loop down, short enough to keep the test quick. */
    private static final Backoff VISIBLE = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final KafkaCluster kafka;

    SupervisedFollowerIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void aLoopWhoseHandlerThrowsIsRestartedAndResumesWithoutLosingOrRepeatingRecords() throws Exception {
        String topic = TopicNames.unique("supervised.table");
        kafka.createTopic(topic, 2);
        for (int i = 0; i < 10; i++) TestClients.sendAndWait(kafka, topic, "k" + i, "v" + i);
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean thrown = new AtomicBoolean();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TopicFollower<String, String> follower = TopicFollower.of(this::consumer, topic, TopicFollower.From.BEGINNING,
                Duration.ofMillis(100), Duration.ofSeconds(30), r -> {
                    if (r.value().equals("v12") && thrown.compareAndSet(false, true)) throw new IllegalStateException("handler bug");
                    handled.add(r.value());
                });
        try (SupervisedLoop loop = new SupervisedLoop("it-table", follower, VISIBLE, meters).start()) {
            await().atMost(Duration.ofSeconds(30)).until(loop::ready);
            assertThat(handled).hasSize(10);

            for (int i = 10; i < 15; i++) TestClients.sendAndWait(kafka, topic, "k" + i, "v" + i);
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.state() == LoopState.RESTARTING);
            assertThat(loop.ready()).as("readiness while the loop is down").isFalse();

            await().atMost(Duration.ofSeconds(30)).until(loop::ready);
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 15);
            assertThat(handled).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 15).mapToObj(i -> "v" + i).toList());
            assertThat(loop.restarts()).isEqualTo(1);
            assertThat(meters.get("herald.background.restarts").tag("loop", "it-table").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void aLoopFollowingFromTheEndGetsWhatWasWrittenWhileItWasRestarting() throws Exception {
        String topic = TopicNames.unique("supervised.commands");
        kafka.createTopic(topic, 1);
        TestClients.sendAndWait(kafka, topic, "old", "history that must not be acted on");
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean thrown = new AtomicBoolean();
        TopicFollower<String, String> follower = TopicFollower.of(this::consumer, topic, TopicFollower.From.END,
                Duration.ofMillis(100), Duration.ofSeconds(30), r -> {
                    if (thrown.compareAndSet(false, true)) throw new IllegalStateException("first command fails once");
                    handled.add(r.value());
                });
        try (SupervisedLoop loop = new SupervisedLoop("it-commands", follower, VISIBLE, null).start()) {
            await().atMost(Duration.ofSeconds(30)).until(loop::ready);

            TestClients.sendAndWait(kafka, topic, "c", "first");
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.state() == LoopState.RESTARTING);
            TestClients.sendAndWait(kafka, topic, "c", "sent while the loop was down");

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 2);
            assertThat(handled).containsExactly("first", "sent while the loop was down");
            assertThat(loop.ready()).isTrue();
        }
    }
}
