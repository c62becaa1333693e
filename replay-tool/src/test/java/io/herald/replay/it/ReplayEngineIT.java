package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.engine.ReplayListener;
import io.herald.replay.engine.ReplayRun;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.ReplaySpec;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunState;
import io.herald.replay.engine.RunStore;
import io.herald.replay.gate.AbortPolicy;
import io.herald.replay.gate.GateVerdict;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.pace.Pace;
import io.herald.replay.pace.PaceParser;
import io.herald.replay.select.FilterParser;
import io.herald.replay.select.ReplayFilter;
import io.herald.schemas.HeraldHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithKafka
@WithRegistry
class ReplayEngineIT {
    private static final Instant PARKED_AT = Instant.now().minusSeconds(600);
    private ReplayFixture fx;
    private String parked;
    private String target;
    private String runs;
    private String outcomes;

    @BeforeEach
    void topics(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        fx = new ReplayFixture(kafka, registry);
        parked = fx.topic("notify.parked.email.v1.it", 3);
        target = fx.topic("notify.replay.v1.it", 3);
        runs = fx.compacted("notify.replay-runs.v1.it");
        outcomes = fx.topic("notify.outcome.v1.it", 3);
    }

    private ReplayRun run(String replayId, Pace pace, ReplayFilter filter, ReplayGate gate, ReplayListener listener) {
        ReplaySpec spec = ReplaySpec.of(replayId, parked, target, filter, pace).withOutcomeTopic(outcomes)
                .withIntervals(Duration.ofMillis(100), Duration.ofMillis(200));
        return new ReplayRun(fx.clients, new RunStore(fx.clients, runs), spec, gate, listener, Clock.systemUTC());
    }

    @Test
    void replaysATenThousandParkedBacklogAtTheSetRateWithinFivePercent() throws Exception {
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 10_000, PARKED_AT));
        double target = 1000.0;
        try (ArrivalRecorder arrivals = new ArrivalRecorder(fx.clients, this.target)) {
            RunRecord result = run("rate-" + fx.id, PaceParser.rate(target + "/s"), ReplayFilter.ALL, ReplayGate.OPEN,
                    ReplayListener.NONE).call();
            assertThat(result.state()).isEqualTo(RunState.FINISHED);
            await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.count() >= 10_000);
            double measured = arrivals.ratePerSecond();
            System.out.printf("[replay-benchmark] rate target %.0f/s, measured at arrival %.1f/s over %d records (%.2f%%)%n",
                    target, measured, arrivals.count(), (measured / target - 1) * 100);
            assertThat(measured).isBetween(target * 0.95, target * 1.05);
        }
        Map<String, Integer> copies = fx.countByKey(this.target);
        assertThat(copies).hasSize(10_000);
        assertThat(copies.values()).containsOnly(1);
    }

    @Test
    void copiesKeepTheKeyAndIdsSendTheParkedRequestAndCarryReplayHeaders() {
        ParkedNotification one = ReplayFixture.parked("acme", 7, PARKED_AT);
        fx.produceParked(parked, List.of(one, ReplayFixture.parked("globex", 8, PARKED_AT)));
        RunRecord result = run("headers-" + fx.id, new Pace.Unlimited(), new FilterParser(Clock.systemUTC()).parse("tenant=acme"),
                ReplayGate.OPEN, ReplayListener.NONE).call();

        assertThat(result.selected()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> copied = fx.readAll(target);
        assertThat(copied).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = copied.get(0);
        assertThat(ReplayFixture.string(record.key())).isEqualTo(one.getNotificationId());
        NotificationRequest request = fx.topics.replay().valueSerde().deserializer().deserialize(target, record.value());
        assertThat(request).isEqualTo(one.getRequest());
        assertThat(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_ID)).isEqualTo("headers-" + fx.id);
        assertThat(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_SOURCE_TOPIC)).isEqualTo(parked);
        assertThat(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_SOURCE_OFFSET)).isNotNull();
        assertThat(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_BY)).isNotBlank();
        assertThat(Instant.parse(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_AT))).isAfter(PARKED_AT);
        assertThat(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_RESEND_UNCERTAIN)).isNull();
    }

    @Test
    void anOperatorsResendUncertainFlagTravelsOnEveryCopy() {
        fx.produceParked(parked, List.of(ReplayFixture.parked("acme", 7, PARKED_AT), ReplayFixture.parked("acme", 8, PARKED_AT)));
        ReplaySpec spec = ReplaySpec.of("uncertain-" + fx.id, parked, target, ReplayFilter.ALL, new Pace.Unlimited())
                .withOutcomeTopic(outcomes).withIntervals(Duration.ofMillis(100), Duration.ofMillis(200))
                .withResendUncertain(true);
        RunRecord result = new ReplayRun(fx.clients, new RunStore(fx.clients, runs), spec, ReplayGate.OPEN,
                ReplayListener.NONE, Clock.systemUTC()).call();

        assertThat(result.copied()).isEqualTo(2);
        assertThat(fx.readAll(target)).hasSize(2).allSatisfy(record ->
                assertThat(HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_RESEND_UNCERTAIN)).isEqualTo("true"));
    }

    @Test
    void deadLettersArePassedThroughAsBytesWithTheirHeadersAndSelectedByCause() throws Exception {
        String dlq = fx.topic("notify.dlq.v1.it", 1);
        byte[] garbage = {0x01, 0x02, 0x03};
        try (var producer = fx.producer()) {
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            HeraldHeaders.put(headers, HeraldHeaders.DLQ_CAUSE, "deserialization");
            HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_TOPIC, "notify.request.v1");
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(dlq, null, ReplayFixture.bytes("acme/k-1"), garbage,
                    headers)).get();
            var other = new org.apache.kafka.common.header.internals.RecordHeaders();
            HeraldHeaders.put(other, HeraldHeaders.DLQ_CAUSE, "validation");
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(dlq, null, ReplayFixture.bytes("acme/k-2"),
                    new byte[]{9}, other)).get();
        }
        ReplaySpec spec = ReplaySpec.of("dlq-" + fx.id, dlq, target, new FilterParser(Clock.systemUTC()).parse("reason=deserialization"),
                new Pace.Unlimited());
        RunRecord result = new ReplayRun(fx.clients, new RunStore(fx.clients, runs), spec, ReplayGate.OPEN, ReplayListener.NONE,
                Clock.systemUTC()).call();

        assertThat(result.state()).isEqualTo(RunState.FINISHED);
        assertThat(result.copied()).isEqualTo(1);
        ConsumerRecord<byte[], byte[]> copy = fx.readAll(target).get(0);
        assertThat(copy.value()).isEqualTo(garbage);
        assertThat(ReplayFixture.string(copy.key())).isEqualTo("acme/k-1");
        assertThat(HeraldHeaders.get(copy.headers(), HeraldHeaders.DLQ_CAUSE)).isEqualTo("deserialization");
        assertThat(HeraldHeaders.get(copy.headers(), HeraldHeaders.REPLAY_SOURCE_TOPIC)).isEqualTo(dlq);
    }

    @Test
    void aReplayPacedSlowerThanTheTransactionTimeoutFinishesWithoutBeingFenced(KafkaCluster kafka,
                                                                              SchemaRegistryEndpoint registry) {
        fx.produceParked(parked, List.of(ReplayFixture.parked("acme", 1, PARKED_AT), ReplayFixture.parked("acme", 2, PARKED_AT)));
        // One record every 12 s, a commit interval of an hour, transactions that time out after 2 s (the broker
        // aborts them within 10 s): the second record's wait must not happen inside the first record's transaction.
        ReplayClients slow = ReplayClients.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                        "transaction.timeout.ms", 2_000), fx.clients.registry(), fx.clients.timeout());
        ReplaySpec spec = ReplaySpec.of("slow-" + fx.id, parked, target, ReplayFilter.ALL, PaceParser.rate("5/m"))
                .withOutcomeTopic(outcomes).withIntervals(Duration.ofHours(1), Duration.ofMillis(200));

        RunRecord result = new ReplayRun(slow, new RunStore(slow, runs), spec, ReplayGate.OPEN, ReplayListener.NONE,
                Clock.systemUTC()).call();

        assertThat(result.state()).isEqualTo(RunState.FINISHED);
        assertThat(result.copied()).isEqualTo(2);
        assertThat(fx.countByKey(target)).hasSize(2).allSatisfy((key, copies) -> assertThat(copies).isEqualTo(1));
    }

    @Test
    void releasesTenPercentWavesInTenSteps() {
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 1000, PARKED_AT));
        List<Long> waves = Collections.synchronizedList(new ArrayList<>());
        RunRecord result = run("waves-" + fx.id, PaceParser.waves("10%/1s"), ReplayFilter.ALL, ReplayGate.OPEN,
                new ReplayListener() {
                    @Override
                    public void onWave(long wave, long count) {
                        waves.add(wave);
                    }
                }).call();

        assertThat(result.state()).isEqualTo(RunState.FINISHED);
        assertThat(result.waves()).isEqualTo(10);
        assertThat(waves).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        List<Integer> steps = steps(fx.readAll(target), 400);
        System.out.printf("[replay-benchmark] waves 10%%/1s of 1000: steps %s%n", steps);
        assertThat(steps).containsExactly(100, 100, 100, 100, 100, 100, 100, 100, 100, 100);
    }

    @Test
    void aGateThatTurnsFalseHaltsTheReplayAndNothingMoreIsCopiedUntilItIsRunAgain() {
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 1000, PARKED_AT));
        AtomicInteger checks = new AtomicInteger();
        ReplayGate closesBeforeTheFourthWave = () -> checks.incrementAndGet() <= 3 ? GateVerdict.OPEN
                : GateVerdict.closed("smtp-primary is DOWN");
        String id = "gate-" + fx.id;

        RunRecord halted = run(id, PaceParser.waves("10%/200ms"), ReplayFilter.ALL, closesBeforeTheFourthWave, ReplayListener.NONE).call();

        assertThat(halted.state()).isEqualTo(RunState.HALTED);
        assertThat(halted.detail()).isEqualTo("gate closed before wave 4: smtp-primary is DOWN");
        assertThat(halted.copied()).isEqualTo(300);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> fx.count(target) == 300);

        RunRecord resumed = run(id, PaceParser.waves("10%/200ms"), ReplayFilter.ALL, ReplayGate.OPEN, ReplayListener.NONE).call();
        assertThat(resumed.state()).isEqualTo(RunState.FINISHED);
        assertThat(resumed.copied()).isEqualTo(1000);
        assertThat(fx.countByKey(target)).hasSize(1000).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aReplayKilledMidwayAndRunAgainCopiesEverySelectedRecordExactlyOnce() {
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 5000, PARKED_AT));
        ReplayFilter everyOtherTenantless = ReplayFilter.ALL;
        String id = "crash-" + fx.id;
        ReplayListener crashes = new ReplayListener() {
            @Override
            public void onCopied(String key, long copied) {
                if (copied == 2345) throw new IllegalStateException("simulated crash with an open transaction");
            }
        };

        assertThatThrownBy(() -> run(id, PaceParser.rate("5000/s"), everyOtherTenantless, ReplayGate.OPEN, crashes).call())
                .hasMessageContaining("simulated crash");
        int committedBeforeRestart = fx.count(target);
        assertThat(committedBeforeRestart).isLessThan(2345);

        RunRecord resumed = run(id, PaceParser.rate("5000/s"), everyOtherTenantless, ReplayGate.OPEN, ReplayListener.NONE).call();

        assertThat(resumed.state()).isEqualTo(RunState.FINISHED);
        assertThat(resumed.copied()).isEqualTo(5000);
        Map<String, Integer> copies = fx.countByKey(target);
        assertThat(copies).hasSize(5000);
        assertThat(copies.values()).containsOnly(1);
        assertThat(new RunStore(fx.clients, runs).load(id)).get().extracting(RunRecord::state).isEqualTo(RunState.FINISHED);
        RunRecord again = run(id, PaceParser.rate("5000/s"), everyOtherTenantless, ReplayGate.OPEN, ReplayListener.NONE).call();
        assertThat(again.copied()).as("a finished replay does nothing when run again").isEqualTo(5000);
        assertThat(fx.count(target)).isEqualTo(5000);
    }

    @Test
    void abortsWhenTheFailureRatioOfReplayedMessagesPassesTheLimit() throws Exception {
        fx.produceParked(parked, ReplayFixture.parkedBacklog("acme", 1000, PARKED_AT));
        ReplaySpec spec = ReplaySpec.of("abort-" + fx.id, parked, target, ReplayFilter.ALL, PaceParser.waves("10%/1s"))
                .withOutcomeTopic(outcomes).withAbort(new AbortPolicy(0.5, 20));
        try (FakeRouter router = new FakeRouter(fx, target, outcomes, OutcomeStatus.FAILED)) {
            RunRecord result = new ReplayRun(fx.clients, new RunStore(fx.clients, runs), spec, ReplayGate.OPEN, ReplayListener.NONE,
                    Clock.systemUTC()).call();
            assertThat(result.state()).isEqualTo(RunState.ABORTED);
            assertThat(result.detail()).startsWith("failure ratio 1.00 > 0.50");
            assertThat(result.copied()).isLessThan(1000);
            assertThat(result.failures()).isGreaterThanOrEqualTo(20);
        }
    }

    /** Sizes of the groups of records whose timestamps are less than {@code gapMillis} apart. */
    static List<Integer> steps(List<ConsumerRecord<byte[], byte[]>> records, long gapMillis) {
        List<Long> times = records.stream().map(ConsumerRecord::timestamp).sorted().toList();
        List<Integer> steps = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (long t : times) {
            if (steps.isEmpty() || t - previous > gapMillis) steps.add(0);
            steps.set(steps.size() - 1, steps.get(steps.size() - 1) + 1);
            previous = t;
        }
        return steps;
    }
}
