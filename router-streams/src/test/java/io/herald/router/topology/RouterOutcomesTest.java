package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.otp;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Stage;
import io.herald.schemas.HeraldHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterOutcomesTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void everyOutcomeTheRouterWritesCarriesItsStageHeader() {
        h.send(otp("k1", h.now()));

        List<TestRecord<String, io.herald.contracts.DeliveryOutcome>> written = h.outcomes.readRecordsToList();
        assertThat(written).isNotEmpty().allSatisfy(r -> {
            assertThat(r.value().getStage()).isEqualTo(Stage.ROUTER);
            assertThat(HeraldHeaders.get(r.headers(), HeraldHeaders.OUTCOME_STAGE)).isEqualTo("ROUTER");
        });
    }

    @Test
    void anOutcomeMarkedAsTheRoutersOwnIsDroppedWithoutBeingDecoded() {
        TestInputTopic<byte[], byte[]> raw = h.driver.createInputTopic(h.topics.outcome().name(),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        RecordHeaders marked = new RecordHeaders();
        HeraldHeaders.put(marked, HeraldHeaders.OUTCOME_STAGE, "ROUTER");

        // Bytes no Avro reader could decode: a decode attempt would dead-letter them.
        raw.pipeInput(new TestRecord<>("n-x".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8), marked));

        assertThat(h.dlq.isEmpty()).isTrue();
        assertThat(h.ledger().get("n-x")).isNull();
    }

    @Test
    void aWorkerOutcomeWithoutTheHeaderIsStillDecodedAndRecorded() {
        h.send(otp("k1", h.now()));
        h.workerOutcomes.pipeInput("n-acme-k1", worker("n-acme-k1", OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary",
                null, "250", h.now()));

        assertThat(h.ledger().get("n-acme-k1").state()).isEqualTo("SENT");
    }

    @Test
    void theSkippingDeserializerDecodesRecordsMarkedWithAnotherStage() {
        RouterOutcomes.SkipOwn skip = new RouterOutcomes.SkipOwn(h.topics.outcome().valueSerde().deserializer());
        var outcome = worker("n-1", OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary", null, "250", h.now());
        byte[] bytes = h.topics.outcome().valueSerde().serializer().serialize(h.topics.outcome().name(), outcome);
        RecordHeaders workerMarked = new RecordHeaders();
        HeraldHeaders.put(workerMarked, HeraldHeaders.OUTCOME_STAGE, "WORKER");
        RecordHeaders routerMarked = new RecordHeaders();
        HeraldHeaders.put(routerMarked, HeraldHeaders.OUTCOME_STAGE, "ROUTER");

        assertThat(skip.deserialize(h.topics.outcome().name(), workerMarked, bytes)).isEqualTo(outcome);
        assertThat(skip.deserialize(h.topics.outcome().name(), new RecordHeaders(), bytes)).isEqualTo(outcome);
        assertThat(skip.deserialize(h.topics.outcome().name(), routerMarked, bytes)).isNull();
    }
}
