package io.herald.workers.runtime;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.Priority;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.topics.RetryTier;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.herald.workers.pacing.Sleeper;
import io.herald.schemas.registry.RegistryUnavailableException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes some of one channel's lanes and delivers through a {@link DeliveryEngine}: a channel has two, one for its
 * critical lane ({@link Lanes#CRITICAL}) and one for the other lanes and the retry tiers ({@link Lanes#STANDARD}), each
 * with its own consumer (one group), transactional producer, pool and poll thread. So a one-time code never waits for
 * a bulk batch, nor does a bulk batch stop for each code: with one consumer for every lane a code either waited for
 * the whole batch before it, or (later) made the batch give way, and a trickle of 10 codes a second then cut a bulk
 * drain to a sixth. In the provider's pacer a code's call takes the next free connection first.
 *
 * <p>One poll thread owns the consumer. Each poll becomes a batch: retry records only once due (a partition
 * whose next record is not due is rewound and paused until then, so it never blocks the others). The
 * batch runs on a bounded pool; then every outcome, every retry record and the batch's offsets are
 * written in ONE Kafka transaction. A crash before that commit re-delivers the batch: duplicates are
 * bounded by {@code maxPollRecords}. A batch has a deadline of a third of {@code max.poll.interval.ms}: past it,
 * what finished is committed and what had not started is handed back, so a slow provider never gets the
 * consumer evicted (which would abort the transaction and re-send the whole batch). A failed commit is
 * followed by a short, growing back-off.
 */
public final class ChannelWorker implements AutoCloseable {
    /** Header on retry records: epoch millis before which the record must not be attempted. */
    public static final String NOT_BEFORE_HEADER = "herald.retry.not-before";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);
    private final Channel channel;
    private final Lanes lanes;
    private final WorkerSettings settings;
    private final DeliveryEngine engine;
    private final Topics topics;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Map<String, Priority> laneOfTopic = new LinkedHashMap<>();
    private final Map<String, RetryTier> tierOfTopic = new LinkedHashMap<>();
    private final Map<TopicPartition, Instant> holds = new HashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService pool;
    private final Deserializer<DispatchCommand> commands;
    private final Serializer<DispatchCommand> retries;
    private final Serializer<DeliveryOutcome> outcomes;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private static final long MAX_COMMIT_BACKOFF_MS = 5_000;
    /** Result placeholder of a work the batch deadline cancelled before it started. */
    private static final Delivery NOT_STARTED = new Delivery(List.of(), null, null);
    /** The consumer's default {@code fetch.max.wait.ms} (see {@link #consumerProps}); {@code kafka.fetch.max.wait.ms} overrides it. */
    static final int FETCH_MAX_WAIT_MS = 25;
    /** The consumer's default {@code max.poll.interval.ms}. */
    private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
    private final java.time.Duration batchDeadline;
    private final Sleeper sleeper = Sleeper.REAL;
    private int commitFailures;
    private final LaneLag lag;
    private volatile boolean halted;
    private volatile boolean registryOutage;
    private volatile boolean assigned;
    private volatile Throwable failure;

    public ChannelWorker(Channel channel, Lanes lanes, WorkerSettings settings, DeliveryEngine engine, Topics topics,
                         Map<String, Object> kafka, WorkerMetrics metrics, Clock clock) {
        this.channel = channel;
        this.lanes = lanes;
        this.settings = settings;
        this.engine = engine;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
        for (Priority lane : lanes.lanes()) laneOfTopic.put(TopicNames.dispatch(channel, lane), lane);
        if (lanes == Lanes.STANDARD) for (RetryTier tier : topics.retryTiers()) tierOfTopic.put(TopicNames.retry(channel, tier), tier);
        this.consumer = metrics.client(new KafkaConsumer<>(consumerProps(kafka, settings, channel, lanes), new StringDeserializer(),
                new ByteArrayDeserializer()));
        this.producer = metrics.client(new KafkaProducer<>(producerProps(kafka, settings, channel, lanes), new StringSerializer(),
                new ByteArraySerializer()));
        this.pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "herald-worker-" + name(channel, lanes) + "-send");
            t.setDaemon(true);
            return t;
        });
        this.commands = topics.dispatch(channel, Priority.CRITICAL).valueSerde().deserializer();
        this.retries = topics.dispatch(channel, Priority.CRITICAL).valueSerde().serializer();
        this.outcomes = topics.outcome().valueSerde().serializer();
        this.thread = new Thread(this::run, "herald-worker-" + name(channel, lanes));
        this.batchDeadline = batchDeadline(kafka);
        this.lag = new LaneLag(channel, consumer, laneOfTopic, metrics, System::nanoTime);
    }

    /**
     * A third of {@code max.poll.interval.ms}: after the deadline the calls in flight still have to finish (bounded by
     * the providers' read timeouts) and the transaction to commit before the consumer must poll again.
     */
    static java.time.Duration batchDeadline(Map<String, Object> kafka) {
        Object configured = kafka.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        long interval = configured == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(configured.toString().trim());
        return java.time.Duration.ofMillis(Math.max(1, interval / 3));
    }

    /** Starts the poll thread. */
    public void start() {
        thread.start();
    }

    public Channel channel() {
        return channel;
    }

    public Lanes lanes() {
        return lanes;
    }

    /** {@code email} for the standard lanes (the names earlier versions used), {@code email-critical} for the critical one. */
    static String name(Channel channel, Lanes lanes) {
        return TopicNames.lower(channel) + lanes.suffix;
    }

    /**
     * True once the consumer has received a partition assignment, no fatal error happened and the last batch could
     * be read (a schema registry outage makes it not ready until the registry answers again).
     */
    public boolean ready() {
        return assigned && failure == null && thread.isAlive() && !registryOutage;
    }

    /** The fatal error that stopped this worker, if any. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Asks the worker to stop after the batch in progress, without waiting: a service stops all its workers at once, so
     * that their batches finish side by side, not one shutdown timeout after another.
     */
    public void requestStop() {
        running.set(false);
        consumer.wakeup();
    }

    /** Graceful: finish and commit the batch in progress, then leave the group. */
    @Override
    public void close() {
        requestStop();
        join(settings.shutdownTimeout().toMillis());
        if (thread.isAlive()) {
            LOG.warn("worker {} did not finish its batch within {}; handing it back", name(channel, lanes), settings.shutdownTimeout());
            halt();
        }
    }

    /**
     * Stops at once without committing the batch in progress, as a crash would: its records are
     * delivered again to whoever takes the partitions over. For drills and tests.
     */
    public void halt() {
        halted = true;
        running.set(false);
        pool.shutdownNow();
        consumer.wakeup();
        join(30_000);
    }

    private void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(new ArrayList<>(allTopics()), new Rebalance());
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                pollOnce(records);
            }
        } catch (WakeupException e) {
            if (running.get()) failure = e;
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("worker {} stopped: {}", name(channel, lanes), e.toString());
        } finally {
            pool.shutdownNow();
            closeQuietly();
        }
    }

    private void pollOnce(ConsumerRecords<String, byte[]> records) {
        Instant now = clock.instant();
        lag.refresh(consumer.assignment());
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        Map<TopicPartition, Long> handBack = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            Priority lane = laneOfTopic.get(tp.topic());
            List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(tp);
            for (ConsumerRecord<String, byte[]> record : partitionRecords) {
                Instant due = notBefore(record);
                if (lane == null && due != null && due.isAfter(now)) {
                    handBack.put(tp, record.offset());
                    holds.put(tp, due);
                    break;
                }
                batch.add(record);
            }
        }
        handBack.forEach(consumer::seek);
        applyPauses(now);
        if (!batch.isEmpty()) processBatch(batch);
    }

    private void applyPauses(Instant now) {
        Set<TopicPartition> assignment = consumer.assignment();
        holds.values().removeIf(due -> !due.isAfter(now));
        Set<TopicPartition> wanted = LanePolicy.paused(assignment, holds, now);
        Set<TopicPartition> current = consumer.paused();
        Set<TopicPartition> resume = new HashSet<>(current);
        resume.removeAll(wanted);
        Set<TopicPartition> pause = new HashSet<>(wanted);
        pause.removeAll(current);
        if (!pause.isEmpty()) consumer.pause(pause);
        if (!resume.isEmpty()) consumer.resume(resume);
    }

    private void processBatch(List<ConsumerRecord<String, byte[]>> batch) {
        List<Work> works = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) works.add(decode(record));
        if (works.stream().anyMatch(w -> w.error != null && RegistryUnavailableException.in(w.error).isPresent())) {
            // The registry did not answer: the records may be valid, so none is dead-lettered. Read them again later.
            if (!registryOutage) LOG.warn("worker {}: schema registry unavailable; batch handed back, not ready until it answers", name(channel, lanes));
            registryOutage = true;
            rewind(batch);
            backOff();
            return;
        }
        registryOutage = false;
        // The most urgent lane first inside the batch: with N threads the first N calls made are the most urgent ones.
        // The sort is stable, so within a partition (one topic, one lane) works stay in offset order.
        works.sort(Comparator.comparingInt(w -> w.command == null ? -1 : w.command.getLane().ordinal()));
        List<Future<Delivery>> futures = new ArrayList<>();
        // One claim per work: taken by the pool thread that starts it, or by the deadline to keep it from starting.
        // (A FutureTask cannot tell: cancel() also "succeeds" on a task that is running.)
        List<AtomicBoolean> claims = new ArrayList<>();
        List<Delivery> results = new ArrayList<>();
        long deadline = System.nanoTime() + batchDeadline.toNanos();
        boolean late = false;
        try {
            for (Work w : works) {
                AtomicBoolean claim = new AtomicBoolean();
                claims.add(claim);
                futures.add(w.command == null ? null : pool.submit(
                        () -> claim.compareAndSet(false, true) ? engine.deliver(w.command) : NOT_STARTED));
            }
            for (int i = 0; i < futures.size(); i++) {
                Future<Delivery> f = futures.get(i);
                if (f == null) {
                    results.add(null);
                    continue;
                }
                while (!late) {
                    long wait = Math.max(0, deadline - System.nanoTime());
                    try {
                        results.add(f.get(wait, TimeUnit.NANOSECONDS));
                        break;
                    } catch (TimeoutException e) {
                        if (deadline - System.nanoTime() > 0) continue;
                        // Past the deadline: what has not started will not in this batch. The pool
                        // takes work in submission order, so what started is a prefix: per partition, an offset prefix.
                        late = true;
                        for (int j = i; j < claims.size(); j++) claims.get(j).compareAndSet(false, true);
                    }
                }
                if (results.size() > i) continue;
                // Started calls run to their end (bounded by the providers' timeouts): sent is sent, it is committed.
                results.add(f.get());
            }
            if (late) fillGaps(works, results);
        } catch (InterruptedException | java.util.concurrent.RejectedExecutionException e) {
            Thread.currentThread().interrupt();
            rewind(batch);
            return;
        } catch (ExecutionException e) {
            if (halted || e.getCause() instanceof InterruptedException) {
                rewind(batch);
                return;
            }
            throw new IllegalStateException("delivery failed unexpectedly", e.getCause());
        }
        if (halted) {
            rewind(batch);
            return;
        }
        if (!late) {
            commit(batch, works, results);
            return;
        }
        commitFinishedAndHandBackTheRest(works, results);
    }

    /**
     * A batch that ran past its deadline: commits what finished and hands the rest back to the log (seek), so the
     * consumer polls again long before {@code max.poll.interval.ms}. Staying in the poll loop is what keeps this
     * instance in the group: evicted, its transaction could not commit and every message the batch had already
     * sent would be sent again, batch after batch.
     */
    private void commitFinishedAndHandBackTheRest(List<Work> works, List<Delivery> results) {
        Map<TopicPartition, Long> handBack = new HashMap<>();
        for (int i = 0; i < works.size(); i++) {
            if (results.get(i) != NOT_STARTED) continue;
            ConsumerRecord<String, byte[]> r = works.get(i).record;
            handBack.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
        List<Work> keptWorks = new ArrayList<>();
        List<Delivery> keptResults = new ArrayList<>();
        for (int i = 0; i < works.size(); i++) {
            ConsumerRecord<String, byte[]> r = works.get(i).record;
            Long from = handBack.get(new TopicPartition(r.topic(), r.partition()));
            if (from != null && r.offset() >= from) continue; // handed back, with anything after it in its partition
            kept.add(r);
            keptWorks.add(works.get(i));
            keptResults.add(results.get(i));
        }
        LOG.info("worker {}: batch passed its deadline of {}; committing {} finished, handing {} back", name(channel, lanes),
                batchDeadline, kept.size(), works.size() - kept.size());
        boolean committed = kept.isEmpty() || commit(kept, keptWorks, keptResults);
        // An aborted commit rewound the partitions it wrote for, to before the handed-back records.
        Set<TopicPartition> rewound = new HashSet<>();
        if (!committed) kept.forEach(r -> rewound.add(new TopicPartition(r.topic(), r.partition())));
        handBack.forEach((tp, offset) -> {
            if (!rewound.contains(tp)) consumer.seek(tp, offset);
        });
    }

    /**
     * A pool thread that took a work just before the deadline may claim it just after a later work was started by
     * another thread; then a partition would have a hole before something already sent, and handing the hole
     * back would send that again. Rare and small: deliver the hole now.
     */
    private void fillGaps(List<Work> works, List<Delivery> results) throws InterruptedException {
        Map<TopicPartition, Long> lastStarted = new HashMap<>();
        for (int i = 0; i < works.size(); i++) {
            if (results.get(i) == NOT_STARTED || results.get(i) == null) continue;
            ConsumerRecord<String, byte[]> r = works.get(i).record;
            lastStarted.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max);
        }
        for (int i = 0; i < works.size(); i++) {
            if (results.get(i) != NOT_STARTED) continue;
            ConsumerRecord<String, byte[]> r = works.get(i).record;
            Long last = lastStarted.get(new TopicPartition(r.topic(), r.partition()));
            if (last != null && r.offset() < last) results.set(i, engine.deliver(works.get(i).command));
        }
    }

    /** Writes the batch's outcomes, retries and offsets in one transaction; false when it was aborted and rewound. */
    private boolean commit(List<ConsumerRecord<String, byte[]>> batch, List<Work> works, List<Delivery> results) {
        List<DeliveryOutcome> emitted = new ArrayList<>();
        try {
            producer.beginTransaction();
            for (int i = 0; i < works.size(); i++) {
                Work w = works.get(i);
                Delivery d = results.get(i);
                if (d == null) {
                    producer.send(deadLetter(w));
                    continue;
                }
                for (DeliveryOutcome o : d.outcomes()) {
                    producer.send(new ProducerRecord<>(topics.outcome().name(), o.getNotificationId(),
                            outcomes.serialize(topics.outcome().name(), o)));
                    emitted.add(o);
                }
                if (d.retried()) {
                    String topic = TopicNames.retry(channel, d.retryTier());
                    ProducerRecord<String, byte[]> retry = new ProducerRecord<>(topic, d.retry().getNotificationId(),
                            retries.serialize(topic, d.retry()));
                    retry.headers().add(NOT_BEFORE_HEADER,
                            Long.toString(d.retry().getNotBefore().toEpochMilli()).getBytes(StandardCharsets.UTF_8));
                    producer.send(retry);
                }
            }
            producer.sendOffsetsToTransaction(offsets(batch), consumer.groupMetadata());
            producer.commitTransaction();
            emitted.forEach(metrics::outcome);
            commitFailures = 0;
            return true;
        } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
            // Another instance owns our transactional id now: this one must stop, uncommitted.
            throw e;
        } catch (KafkaException e) {
            LOG.warn("worker {} could not commit a batch of {} ({}); it will be delivered again", name(channel, lanes), batch.size(), e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abort) {
                throw e;
            }
            rewind(batch);
            backOffAfterFailedCommit();
            return false;
        }
    }

    /**
     * A commit that failed (the group rebalanced, the coordinator moved, the broker is restarting) is likely to
     * fail again at once; re-sending nothing, but polling and aborting in a tight loop helps no one.
     */
    private void backOffAfterFailedCommit() {
        backOff();
    }

    /** Waits 100 ms, doubling with each consecutive failure up to 5 s; a successful commit resets it. */
    private void backOff() {
        commitFailures++;
        long millis = Math.min(MAX_COMMIT_BACKOFF_MS, 100L << Math.min(commitFailures - 1, 10));
        try {
            sleeper.sleep(java.time.Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Work decode(ConsumerRecord<String, byte[]> record) {
        try {
            return new Work(record, commands.deserialize(record.topic(), record.value()), null);
        } catch (RuntimeException e) {
            return new Work(record, null, e);
        }
    }

    private ProducerRecord<String, byte[]> deadLetter(Work w) {
        ConsumerRecord<String, byte[]> r = w.record;
        ProducerRecord<String, byte[]> dlq = new ProducerRecord<>(topics.dlq().name(), r.key(), r.value());
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_STAGE, "worker");
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_CAUSE, "deserialization");
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_REASON, "value is not a readable DispatchCommand");
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_EXCEPTION, w.error.getClass().getName());
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_SOURCE_TOPIC, r.topic());
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_SOURCE_PARTITION, Integer.toString(r.partition()));
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_SOURCE_OFFSET, Long.toString(r.offset()));
        HeraldHeaders.put(dlq.headers(), HeraldHeaders.DLQ_AT, clock.instant().toString());
        return dlq;
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    private void rewind(List<ConsumerRecord<String, byte[]>> batch) {
        if (halted) return;
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        first.forEach(consumer::seek);
    }

    private static Instant notBefore(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(NOT_BEFORE_HEADER);
        if (header == null) return null;
        try {
            return Instant.ofEpochMilli(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Collection<String> allTopics() {
        List<String> all = new ArrayList<>(laneOfTopic.keySet());
        all.addAll(tierOfTopic.keySet());
        return all;
    }

    private void closeQuietly() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.debug("closing consumer of {}: {}", name(channel, lanes), e.toString());
        }
        try {
            producer.close(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("closing producer of {}: {}", name(channel, lanes), e.toString());
        }
    }

    static Map<String, Object> consumerProps(Map<String, Object> kafka, WorkerSettings s, Channel channel, Lanes lanes) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, s.maxPollRecords());
        // Small fetches keep few records buffered per partition: less memory, and critical records never queue behind a big bulk fetch.
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024);
        // Dispatches are written in the router's transactions and read read_committed; a fetch waiting at the last
        // stable offset often waits out fetch.max.wait.ms after that transaction committed. With the default 500 ms
        // that wait was most of a critical code's idle latency (decided → SENT p50 115 ms; 23 ms at 5 ms). 25 ms bounds
        // it for more fetches while idle: 10 ms doubled the idle local stack's CPU (7 → 14 CPU-s a minute).
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        // One client id per channel and client: the workers' clients share one metrics registry (and JMX), where equal
        // ids collide ("already registered", kafka.app.info has no client-type prefix) and one client's metrics hide another's.
        // A client id set by the operator is shared by the two consumers of a channel; it only names them in the broker's logs and quotas.
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-worker-" + name(channel, lanes) + "-consumer-" + s.instanceId());
        return props;
    }

    static Map<String, Object> producerProps(Map<String, Object> kafka, WorkerSettings s, Channel channel, Lanes lanes) {
        Map<String, Object> props = new HashMap<>(kafka);
        // The standard lanes keep the id every lane used before the split: starting, they fence a predecessor of an
        // earlier version, whose open transaction may hold critical records too.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "herald-worker-" + name(channel, lanes) + "-" + s.instanceId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-worker-" + name(channel, lanes) + "-" + s.instanceId());
        return props;
    }

    /** Which lanes a worker consumes; a channel runs one worker of each. */
    public enum Lanes {
        /** The critical dispatch lane. */
        CRITICAL("-critical", List.of(Priority.CRITICAL)),
        /** The transactional and bulk dispatch lanes and the channel's retry tiers (retries of every lane). */
        STANDARD("", List.of(Priority.TRANSACTIONAL, Priority.BULK));

        private final String suffix;
        private final List<Priority> lanes;

        Lanes(String suffix, List<Priority> lanes) {
            this.suffix = suffix;
            this.lanes = lanes;
        }

        public List<Priority> lanes() {
            return lanes;
        }
    }

    private record Work(ConsumerRecord<String, byte[]> record, DispatchCommand command, RuntimeException error) {
    }

    /** Drops retry holds of partitions that left us; the pause set is recomputed after the next poll. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(holds::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(holds::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // A partition this group never committed starts where the reset policy says; remember that start at
            // once, so a crash before the first transaction neither skips (latest) nor repeats (earliest) anything.
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, OffsetAndMetadata> initial = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp);
                if (committed.get(tp) == null) initial.put(tp, new OffsetAndMetadata(position));
            }
            if (!initial.isEmpty()) consumer.commitSync(initial);
            assigned = true;
        }
    }
}
