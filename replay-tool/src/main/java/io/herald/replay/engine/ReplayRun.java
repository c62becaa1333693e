package io.herald.replay.engine;

import io.herald.replay.gate.GateVerdict;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.gate.ReplayedOutcomes;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.TokenBucket;
import io.herald.replay.pace.WavePlan;
import io.herald.replay.select.BacklogEntry;
import io.herald.schemas.HeraldHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay run: copies the selected records of a source topic to the target, paced, gated and exactly once.
 *
 * <p>Exactly once: a transactional producer (id fixed per run) sends copies, the run's progress record and the
 * source offsets of its consumer group in one transaction per {@code commitInterval}. A crashed process leaves an
 * open transaction that the next {@code initTransactions()} with the same id aborts; the new process resumes from
 * the committed offsets and the committed run record, with the end offsets captured when the run first started.
 *
 * <p>Pacing: a token bucket for rates and ramps; for waves, a cumulative target per wave and a wait until each
 * wave's start. The gate is asked before each wave (and every {@code gateInterval} for rate pacing); a closed gate
 * commits what was sent and halts. The abort policy is judged at every commit on outcomes of replayed messages.
 *
 * <p>An operator may change the pace of a running run ({@link #changePace}): what was sent is committed, then the
 * rest goes at the new pace; new waves keep their meaning (a share of the whole selected backlog per interval,
 * cumulative), so the wave under way ends at the new wave size and the next one starts at once.
 */
public final class ReplayRun implements Callable<RunRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRun.class);
    /** The longest pacing wait spent inside an open transaction; far below any sane {@code transaction.timeout.ms}. */
    private static final long MAX_WAIT_IN_TRANSACTION_NANOS = 5_000_000_000L;
    private static final Duration POLL = Duration.ofMillis(100);

    private final ReplayClients clients;
    private final RunStore runs;
    private final ReplaySpec spec;
    private final ReplayGate gate;
    private final ReplayListener listener;
    private final Clock clock;
    private final BacklogDecoder decoder;
    private final ReplayedOutcomes outcomes = new ReplayedOutcomes();
    private volatile boolean stopRequested;
    private volatile String stopReason = "stopped";
    private final AtomicReference<Pace> paceChange = new AtomicReference<>();

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private Map<TopicPartition, Long> end;
    private RunRecord run;
    private long copied;
    private long scanned;
    private long unreadable;
    private long wave;

    public ReplayRun(ReplayClients clients, RunStore runs, ReplaySpec spec, ReplayGate gate, ReplayListener listener, Clock clock) {
        this.clients = clients;
        this.runs = runs;
        this.spec = spec;
        this.gate = gate;
        this.listener = listener;
        this.clock = clock;
        this.decoder = new BacklogDecoder(spec.kind(), clients.topics());
    }

    /** Asks the run to commit what it sent and return HALTED at the next step; safe from any thread. */
    public void stop(String reason) {
        stopReason = reason;
        stopRequested = true;
    }

    /** Asks the run to go on at {@code pace} from its next step (within a poll); safe from any thread. */
    public void changePace(Pace pace) {
        paceChange.set(java.util.Objects.requireNonNull(pace, "pace"));
    }

    public ReplaySpec spec() {
        return spec;
    }

    @Override
    public RunRecord call() {
        try (Admin admin = clients.admin()) {
            clients.requireTopics(admin, spec.sourceTopic(), spec.targetTopic());
            runs.ensureTopic(admin);
        }
        boolean clean = false;
        OutcomeWatcher watcher = null;
        try {
            producer = clients.transactionalProducer(spec.transactionalId());
            producer.initTransactions(); // fences and aborts whatever an earlier process of this run left open
            consumer = clients.consumer(spec.groupId());
            RunRecord previous = runs.load(spec.replayId()).orElse(null);
            if (previous != null && previous.state().terminal()) {
                listener.onEnd(previous);
                clean = true;
                return previous;
            }
            if (spec.abort() != io.herald.replay.gate.AbortPolicy.NEVER) {
                watcher = new OutcomeWatcher(clients, spec.outcomeTopic(), outcomes::wasReplayed,
                        o -> outcomes.observe(o.getNotificationId(), o.getStatus()));
            }
            prepare(previous);
            RunRecord result = copy();
            clean = true;
            return result;
        } finally {
            if (watcher != null) watcher.close();
            if (consumer != null) consumer.close(Duration.ofSeconds(5));
            // Not clean: leave the open transaction to be aborted by the next initTransactions with this id.
            if (producer != null) producer.close(clean ? Duration.ofSeconds(5) : Duration.ZERO);
        }
    }

    private void prepare(RunRecord previous) {
        List<TopicPartition> partitions = consumer.partitionsFor(spec.sourceTopic(), clients.timeout()).stream()
                .map(p -> new TopicPartition(spec.sourceTopic(), p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), clients.timeout());
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, clients.timeout());
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            start.put(tp, c == null ? beginning.get(tp) : Math.max(c.offset(), beginning.get(tp)));
        }
        Instant now = clock.instant();
        if (previous != null) {
            end = new HashMap<>();
            previous.endOffsets().forEach((p, o) -> end.put(new TopicPartition(spec.sourceTopic(), p), o));
            copied = previous.copied();
            scanned = previous.scanned();
            unreadable = previous.unreadable();
            run = previous.progress(RunState.RUNNING, now, copied, scanned, unreadable, previous.wave(), null,
                    previous.successes(), previous.failures());
            LOG.info("replay {} resumes at {} of {} copied", spec.replayId(), copied, run.selected());
        } else {
            end = consumer.endOffsets(partitions, clients.timeout());
            long selected = countSelected(partitions, start);
            Map<Integer, Long> endByPartition = new HashMap<>();
            end.forEach((tp, o) -> endByPartition.put(tp.partition(), o));
            long waves = spec.pace() instanceof Pace.Waves w ? WavePlan.of(w, selected, now).waveCount() : 0;
            run = new RunRecord(spec.replayId(), RunState.RUNNING, spec.sourceTopic(), spec.targetTopic(), spec.kind(),
                    spec.filter().expression(), spec.pace().toString(), spec.by(), spec.reason(), now, now, selected, 0, 0, 0,
                    0, waves, endByPartition, null, 0, 0);
            LOG.info("replay {} starts: {} selected on {} up to {}", spec.replayId(), selected, spec.sourceTopic(), endByPartition);
        }
        positions.putAll(start);
        partitions.forEach(tp -> consumer.seek(tp, start.get(tp)));
        listener.onStart(run);
    }

    private long countSelected(List<TopicPartition> partitions, Map<TopicPartition, Long> start) {
        AtomicLong count = new AtomicLong();
        BoundedScan.scan(consumer, partitions, start, end, clients.timeout(), record -> {
            try {
                if (spec.filter().test(decoder.entry(record))) count.incrementAndGet();
            } catch (SerializationException e) {
                // counted as unreadable when the copy loop reaches it
            }
        });
        consumer.resume(partitions);
        return count.get();
    }

    private RunRecord copy() {
        Pace pace = spec.pace();
        WavePlan plan = pace instanceof Pace.Waves w ? WavePlan.of(w, run.selected(), clock.instant()) : null;
        wave = plan == null ? 0 : plan.waveOf(copied);
        Instant started = clock.instant();
        TokenBucket bucket = bucketFor(pace);
        boolean inWave = false;
        Instant nextWaveAt = clock.instant();
        Instant waveStartedAt = nextWaveAt;
        Instant nextGateCheck = clock.instant();
        long lastCommit = System.nanoTime();
        boolean txnOpen = false;

        while (true) {
            if (stopRequested) return finish(txnOpen, RunState.HALTED, stopReason);
            Pace changed = paceChange.getAndSet(null);
            if (changed != null) {
                if (txnOpen) {
                    commit(RunState.RUNNING, null);
                    txnOpen = false;
                }
                LOG.info("replay {} pace changes from {} to {} at {} of {} copied", spec.replayId(), pace, changed, copied,
                        run.selected());
                pace = changed;
                started = clock.instant();
                bucket = bucketFor(pace);
                plan = pace instanceof Pace.Waves w ? WavePlan.of(w, run.selected(), started) : null;
                wave = plan == null ? 0 : plan.waveOf(copied);
                inWave = false;
                nextWaveAt = started;
                nextGateCheck = started;
                run = run.withPace(pace.toString(), plan == null ? 0 : plan.waveCount());
            }
            if (plan != null && !inWave && copied < run.selected()) {
                if (txnOpen) {
                    commit(RunState.RUNNING, null);
                    txnOpen = false;
                }
                if (!sleepUntil(nextWaveAt)) {
                    if (stopRequested) return finish(false, RunState.HALTED, stopReason);
                    continue; // a new pace, applied at the top of the loop
                }
                String abort = spec.abort().decide(outcomes.successes(), outcomes.failures());
                if (abort != null) return finish(false, RunState.ABORTED, abort);
                GateVerdict verdict = gate.check();
                if (!verdict.open()) return finish(false, RunState.HALTED, "gate closed before wave " + (wave + 1) + ": " + verdict.reason());
                inWave = true;
                waveStartedAt = clock.instant();
                listener.onWave(wave, plan.waveCount());
                LOG.info("replay {} wave {}/{} starts", spec.replayId(), wave + 1, plan.waveCount());
            }
            if (plan == null && !clock.instant().isBefore(nextGateCheck)) {
                GateVerdict verdict = gate.check();
                if (!verdict.open()) return finish(txnOpen, RunState.HALTED, "gate closed: " + verdict.reason());
                nextGateCheck = clock.instant().plus(spec.gateInterval());
            }
            if (!txnOpen) {
                producer.beginTransaction();
                txnOpen = true;
                lastCommit = System.nanoTime();
            }
            ConsumerRecord<byte[], byte[]> record = next();
            if (record == null) {
                if (done()) return finish(true, RunState.FINISHED, null);
            } else if (copyIfSelected(record, bucket, pace, started)) {
                if (plan != null && copied >= plan.targetOf(wave)) {
                    commit(RunState.RUNNING, null);
                    txnOpen = false;
                    inWave = false;
                    wave++;
                    nextWaveAt = waveStartedAt.plus(plan.interval());
                    continue;
                }
            }
            if (System.nanoTime() - lastCommit >= spec.commitInterval().toNanos()) {
                commit(RunState.RUNNING, null);
                txnOpen = false;
                String abort = spec.abort().decide(outcomes.successes(), outcomes.failures());
                if (abort != null) return finish(false, RunState.ABORTED, abort);
            }
        }
    }

    /** The rate limiter of {@code pace}, or null when it has none. */
    private TokenBucket bucketFor(Pace pace) {
        double firstRate = pace.rateAt(Duration.ZERO);
        // The burst lets the loop catch up after a slow commit or poll (tokens only pile up while it lags behind),
        // so pauses do not lower the long-run rate; it never lifts the rate above the plan.
        double catchUpSeconds = Math.max(0.25, 3.0 * spec.commitInterval().toMillis() / 1000.0);
        return Double.isInfinite(firstRate) ? null
                : new TokenBucket(firstRate, Math.max(1, firstRate * catchUpSeconds), System::nanoTime);
    }

    /** Copies the record when the filter selects it; returns whether it did. */
    private boolean copyIfSelected(ConsumerRecord<byte[], byte[]> record, TokenBucket bucket, Pace pace, Instant started) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.offset() >= end.get(tp)) return false;
        positions.put(tp, record.offset() + 1);
        scanned++;
        BacklogEntry entry;
        try {
            entry = decoder.entry(record);
        } catch (SerializationException e) {
            unreadable++;
            LOG.warn("replay {}: unreadable record {}-{}@{} left in place: {}", spec.replayId(), record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return false;
        }
        if (!spec.filter().test(entry)) return false;
        if (bucket != null) {
            if (pace instanceof Pace.Ramp) bucket.setRate(pace.rateAt(Duration.between(started, clock.instant())));
            long wait = bucket.reserve(1);
            if (wait > Math.min(spec.commitInterval().toNanos(), MAX_WAIT_IN_TRANSACTION_NANOS)) {
                waitOutsideTheTransaction(tp, record.offset(), wait);
            } else if (wait > 0) {
                parkUnlessInterrupted(wait);
            }
        }
        producer.send(replayRecord(record, entry));
        copied++;
        if (entry.notificationId() != null) outcomes.replayed(entry.notificationId());
        listener.onCopied(entry.key(), copied);
        return true;
    }

    /**
     * A slow pace (say one record a minute, with a long commit interval) would keep the open transaction waiting
     * longer than {@code transaction.timeout.ms} (default 60 s): the coordinator aborts it and the run fails fenced.
     * So a wait longer than the commit interval or 5 s first commits what was copied (this record not included:
     * it is read again after a crash), and the record is copied in a new transaction after the wait.
     */
    private void waitOutsideTheTransaction(TopicPartition tp, long offset, long waitNanos) {
        positions.put(tp, offset);
        commit(RunState.RUNNING, null);
        parkUnlessInterrupted(waitNanos);
        producer.beginTransaction();
        positions.put(tp, offset + 1);
    }

    private ProducerRecord<byte[], byte[]> replayRecord(ConsumerRecord<byte[], byte[]> record, BacklogEntry entry) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_BY, spec.by());
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_AT, clock.instant().toString());
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_REASON, spec.reason());
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_ID, spec.replayId());
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_SOURCE_TOPIC, record.topic());
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_SOURCE_PARTITION, Integer.toString(record.partition()));
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_SOURCE_OFFSET, Long.toString(record.offset()));
        // Set on every record of the run or on none: a header copied from the source must not grant it.
        headers.remove(HeraldHeaders.REPLAY_RESEND_UNCERTAIN);
        if (spec.resendUncertain()) HeraldHeaders.put(headers, HeraldHeaders.REPLAY_RESEND_UNCERTAIN, "true");
        return new ProducerRecord<>(spec.targetTopic(), null, decoder.replayKey(record, entry),
                decoder.replayValue(record, entry, spec.targetTopic()), headers);
    }

    /** The next source record below the end offsets, or null when none is available right now. */
    private ConsumerRecord<byte[], byte[]> next() {
        if (buffer.isEmpty()) {
            pauseFinished();
            if (consumer.assignment().stream().allMatch(tp -> consumer.paused().contains(tp))) return null;
            consumer.poll(POLL).forEach(buffer::add);
        }
        return buffer.poll();
    }

    /** With nothing buffered, every record before the consumer's position was handled: advance past control markers. */
    private boolean done() {
        if (!buffer.isEmpty()) return false;
        boolean done = true;
        for (TopicPartition tp : positions.keySet()) {
            long at = Math.min(consumer.position(tp), end.get(tp));
            if (at > positions.get(tp)) positions.put(tp, at);
            if (positions.get(tp) < end.get(tp)) done = false;
        }
        return done;
    }

    private void pauseFinished() {
        for (TopicPartition tp : positions.keySet()) {
            if (consumer.position(tp) >= end.get(tp)) consumer.pause(List.of(tp));
        }
    }

    private void commit(RunState state, String detail) {
        run = run.progress(state, clock.instant(), copied, scanned, unreadable, wave, detail, outcomes.successes(),
                outcomes.failures());
        producer.send(runs.recordOf(run));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        listener.onCommit(run);
    }

    private RunRecord finish(boolean txnOpen, RunState state, String detail) {
        if (!txnOpen) producer.beginTransaction();
        if (state == RunState.FINISHED) done();
        commit(state, detail);
        LOG.info("replay {} {}: {} of {} copied{}", spec.replayId(), state, copied, run.selected(),
                detail == null ? "" : " (" + detail + ")");
        listener.onEnd(run);
        return run;
    }

    /** The rate limiter's wait, in slices, so a stop or a new pace (a slow rate's long wait) is seen at once. */
    private void parkUnlessInterrupted(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !stopRequested && paceChange.get() == null; left = until - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
    }

    /** Waits until {@code at}; returns false early when asked to stop or to change the pace. */
    private boolean sleepUntil(Instant at) {
        while (!stopRequested && paceChange.get() == null) {
            long millis = Duration.between(clock.instant(), at).toMillis();
            if (millis <= 0) return true;
            LockSupport.parkNanos(Duration.ofMillis(Math.min(millis, 100)).toNanos());
        }
        return false;
    }
}
