package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.otp;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.schemas.NotificationIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The critical request topic: routed by the critical router with its real time; its ledger lines reach the main
 * router through the critical intake topic, which the ledger task orders a day early (taken before a backlog).
 */
class CriticalFirstTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @ParameterizedTest(name = "written {0} → ordered {1}")
    @CsvSource({
            "1796032800000, 1795946400000", // 2026-11-30T10:00Z, a day earlier
            "86400001, 1",
            "86400000, 0", // the first day of 1970 cannot be shifted: it orders at 0
            "5, 0",
            "0, 0",
    })
    void a_critical_request_is_ordered_a_day_before_it_was_written(long written, long ordering) {
        assertThat(CriticalFirst.ordering(written)).isEqualTo(ordering);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1796032800000", "86400001", "1"})
    void the_written_time_comes_back_from_the_ordering_time(long ordering) {
        assertThat(CriticalFirst.written(CriticalFirst.ordering(ordering + CriticalFirst.LEAD_MS))).isEqualTo(ordering + CriticalFirst.LEAD_MS);
    }

    @Test
    void the_extractor_shifts_the_records_own_timestamp() {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("notify.request.critical.v1", 0, 0, 1_796_032_800_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "k", "v", new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
        assertThat(new CriticalFirst.Extractor().extract(record, -1)).isEqualTo(1_796_032_800_000L - CriticalFirst.LEAD_MS);
    }

    @Test
    void a_code_on_the_critical_topic_is_routed_by_the_critical_router_with_the_time_it_was_written() {
        NotificationRequest code = keyedById(otp("c1", h.now()));
        Instant written = h.now().plusSeconds(30);
        h.sendCritical(new TestRecord<>(code.getNotificationId(), code, written));

        assertThat(h.criticalDispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(code.getNotificationId());
            assertThat(d.getRecordTime()).as("the dispatch carries the written time").isEqualTo(written);
        });
        assertThat(h.criticalOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.ROUTED);
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).as("the main router does not route it again").isEmpty();
        // The main router's ledger learnt it through the critical intake topic, with the written time (not the ordering one).
        LedgerEntry entry = h.ledger().get(code.getNotificationId());
        assertThat(entry.state()).isEqualTo("ROUTED");
        assertThat(entry.timeline().get(0).status()).isEqualTo("ACCEPTED");
        assertThat(entry.timeline().get(0).atMs()).isEqualTo(written.toEpochMilli());
        assertThat(entry.request()).as("kept for failover").isNotNull();
    }

    @Test
    void a_retried_code_is_a_duplicate_at_the_critical_router_and_a_line_in_the_ledger() {
        NotificationRequest code = keyedById(otp("c2", h.now()));
        h.sendCritical(new TestRecord<>(code.getNotificationId(), code, h.now()));
        h.advance(Duration.ofSeconds(1));
        h.sendCritical(new TestRecord<>(code.getNotificationId(), code, h.now()));

        assertThat(h.criticalDispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.criticalOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.DUPLICATE);
        LedgerEntry entry = h.ledger().get(code.getNotificationId());
        assertThat(entry.state()).as("the original's state stands").isEqualTo("ROUTED");
        assertThat(entry.timeline()).extracting(TimelineEntry::status).contains("DUPLICATE");
    }

    @Test
    void a_code_the_critical_router_routed_is_a_duplicate_on_the_request_topic() {
        NotificationRequest code = keyedById(otp("c3", h.now()));
        h.sendCritical(new TestRecord<>(code.getNotificationId(), code, h.now()));
        h.advance(Duration.ofSeconds(1));
        h.requests.pipeInput(new TestRecord<>(code.getNotificationId(), code, h.now()));

        assertThat(h.criticalDispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.DUPLICATE);
    }

    @Test
    void an_invalid_code_goes_to_the_dlq_and_fails_in_the_ledger() {
        NotificationRequest code = keyedById(otp("c4", h.now()));
        code.getRecipient().setPhone("0612345678");
        h.sendCritical(new TestRecord<>(code.getNotificationId(), code, h.now()));

        assertThat(h.criticalOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.FAILED);
        assertThat(h.criticalDispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
        assertThat(h.ledger().get(code.getNotificationId()).state()).isEqualTo("FAILED");
    }

    @Test
    void a_bulk_request_on_the_request_topic_is_routed_as_before() {
        NotificationRequest news = keyedById(bulk("b1", h.now()));
        h.requests.pipeInput(new TestRecord<>(news.getNotificationId(), news, h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).singleElement()
                .satisfies(d -> assertThat(d.getRecordTime()).isEqualTo(h.now()));
    }

    private static NotificationRequest keyedById(NotificationRequest r) {
        r.setNotificationId(NotificationIds.of(r.getTenantId(), r.getIdempotencyKey()));
        return r;
    }
}
