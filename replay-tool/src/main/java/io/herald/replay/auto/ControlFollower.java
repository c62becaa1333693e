package io.herald.replay.auto;

import io.herald.contracts.ControlCommand;
import io.herald.replay.engine.ReplayClients;
import io.herald.runtime.background.Backoff;
import io.herald.runtime.background.LoopState;
import io.herald.runtime.background.SupervisedLoop;
import io.herald.runtime.background.TopicFollower;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows operator commands on the control topic from now on (history is not replayed: an old RESUME must not
 * release anything again) and hands each one to a listener, on a {@link SupervisedLoop}: a read that fails (a
 * registry that does not answer, a broker error) restarts at the command it was reading, so a command sent
 * meanwhile is not lost. A topic not provisioned yet is waited for (the loop is not ready meanwhile).
 */
final class ControlFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFollower.class);

    private final ReplayClients clients;
    private final String topic;
    private final Consumer<ControlCommand> listener;
    private final Deserializer<ControlCommand> serde;
    private final TopicFollower<byte[], byte[]> follower;
    private final SupervisedLoop loop;

    ControlFollower(ReplayClients clients, String topic, Consumer<ControlCommand> listener, MeterRegistry meters) {
        this.clients = clients;
        this.topic = topic;
        this.listener = listener;
        this.serde = clients.topics().control().valueSerde().deserializer();
        this.follower = TopicFollower.of(() -> clients.consumer(null), topic, TopicFollower.From.END,
                Duration.ofMillis(200), clients.timeout(), this::apply);
        this.loop = new SupervisedLoop("auto-replay-control", follower, Backoff.DEFAULT, meters);
    }

    /**
     * Fixes "now" (the topic's end offsets) before returning, so a command sent after this is followed, then follows
     * in the background. A topic not provisioned yet is followed from its end as the first read after its creation
     * finds it (its history is never acted on).
     */
    void start() {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(null)) {
            var infos = consumer.partitionsFor(topic, clients.timeout());
            if (infos == null || infos.isEmpty()) {
                LOG.warn("control topic {} not found: RESUME releases and pace changes wait until it exists", topic);
            } else {
                List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                follower.resumeFrom(consumer.endOffsets(partitions, clients.timeout()));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read the end of control topic {} ({}); following it from where the first read finds it", topic,
                    e.getClass().getSimpleName());
        }
        loop.start();
    }

    boolean ready() {
        return loop.ready();
    }

    boolean alive() {
        return loop.alive();
    }

    LoopState state() {
        return loop.state();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) return; // a cleared command
        ControlCommand command;
        try {
            command = serde.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("unreadable control record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
            return;
        }
        try {
            listener.accept(command);
        } catch (RuntimeException e) {
            LOG.error("control listener failed on command {}", command.getCommandId(), e);
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
