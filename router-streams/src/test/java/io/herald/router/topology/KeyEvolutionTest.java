package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.otp;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.schemas.NotificationIds;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests keyed the current way (key = notificationId = NotificationIds.of(tenant, key)) and the legacy ways
 * (key tenant/idempotencyKey, with the deterministic id or a producer-chosen one) are all routed, deduplicated
 * against each other and recorded in the ledger; only a producer-chosen id takes the ledger-intake hop.
 */
class KeyEvolutionTest {
    private final RouterHarness h = new RouterHarness();
    private final TestOutputTopic<String, byte[]> intakeHop = h.driver.createOutputTopic(
            h.config.applicationId() + "-" + RouterTopology.LEDGER_INTAKE + "-repartition",
            Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    private final TestOutputTopic<String, byte[]> rekeyHop = h.driver.createOutputTopic(
            h.config.applicationId() + "-" + RouterTopology.REQUEST_REKEY + "-repartition",
            Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

    @AfterEach
    void close() {
        h.close();
    }

    /** The current contract: the deterministic id, and the record keyed by it. */
    private NotificationRequest current(String key) {
        NotificationRequest r = otp(key, h.now());
        r.setNotificationId(NotificationIds.of("acme", key));
        h.requests.pipeInput(r.getNotificationId(), r);
        return r;
    }

    /** Ingest before issue 13: keyed tenant/idempotencyKey, with whatever notificationId it carries. */
    private NotificationRequest legacy(String key, String notificationId) {
        NotificationRequest r = otp(key, h.now());
        r.setNotificationId(notificationId);
        h.requests.pipeInput("acme/" + key, r);
        return r;
    }

    @Test
    void aRequestKeyedByItsDeterministicIdIsRoutedAndRecordedWithoutAnyRepartition() {
        NotificationRequest r = current("k1");

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement()
                .satisfies(d -> assertThat(d.key()).isEqualTo(r.getNotificationId()));
        assertThat(h.ledger().get(r.getNotificationId()).state()).isEqualTo("ROUTED");
        assertThat(h.ledger().get(r.getNotificationId()).request()).isNotNull();
        assertThat(intakeHop.isEmpty()).isTrue();
        assertThat(rekeyHop.isEmpty()).isTrue();
    }

    @Test
    void aRequestKeyedByItsOwnIdIsDeduplicatedByItsLedgerEntryWithoutADedupStoreLine() {
        NotificationRequest r = current("k8");
        h.advance(Duration.ofDays(6));
        current("k8");

        assertThat(h.driver.<String, Object>getKeyValueStore(Deduplicator.STORE).approximateNumEntries()).isZero();
        assertThat(h.driver.<String, Object>getKeyValueStore(Deduplicator.EXPIRY_INDEX).approximateNumEntries()).isZero();
        assertThat(h.ledger().get(r.getNotificationId()).dedupSeenMs()).isEqualTo(RouterHarness.START.toEpochMilli());
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.DUPLICATE);
    }

    @Test
    void aProducerChosenIdIsStillRememberedInTheDedupStore() {
        legacy("k9", "n-chosen-k9");

        assertThat(h.driver.<String, Object>getKeyValueStore(Deduplicator.STORE).get(NotificationIds.of("acme", "k9")))
                .isNotNull();
        assertThat(h.ledger().get("n-chosen-k9").dedupSeenMs()).isNull();
    }

    @Test
    void aLegacyKeyedRequestWithTheDeterministicIdIsReKeyedOnceAndNeedsNoIntakeHop() {
        NotificationRequest r = legacy("k2", NotificationIds.of("acme", "k2"));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.ledger().get(r.getNotificationId()).state()).isEqualTo("ROUTED");
        assertThat(rekeyHop.readKeyValuesToList()).singleElement()
                .satisfies(kv -> assertThat(kv.key).isEqualTo(r.getNotificationId()));
        assertThat(intakeHop.isEmpty()).isTrue();
    }

    @Test
    void aLegacyRequestWithAProducerChosenIdReachesItsLedgerEntryThroughTheIntakeHop() {
        legacy("k3", "n-chosen-by-producer");

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement()
                .satisfies(d -> assertThat(d.key()).isEqualTo("n-chosen-by-producer"));
        assertThat(h.ledger().get("n-chosen-by-producer").state()).isEqualTo("ROUTED");
        assertThat(intakeHop.readKeyValuesToList()).singleElement()
                .satisfies(kv -> assertThat(kv.key).isEqualTo("n-chosen-by-producer"));
    }

    @Test
    void anOldKeyedAndANewKeyedCopyOfTheSameKeyAreDuplicatesInEitherOrder() {
        legacy("k4", "n-old-k4");
        current("k4");
        current("k5");
        legacy("k5", "n-old-k5");

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(2);
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getDetail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(OutcomeStatus.ROUTED, null),
                org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DUPLICATE, "duplicate of n-old-k4"),
                org.assertj.core.groups.Tuple.tuple(OutcomeStatus.ROUTED, null),
                org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DUPLICATE, "duplicate of " + NotificationIds.of("acme", "k5")));
    }

    @Test
    void aDuplicateWithTheSameIdIsALineInTheOriginalsTimelineAndLeavesItsStateAlone() {
        NotificationRequest r = current("k6");
        h.advance(Duration.ofMinutes(1));
        current("k6");

        LedgerEntry entry = h.ledger().get(r.getNotificationId());
        assertThat(entry.state()).isEqualTo("ROUTED");
        assertThat(entry.terminal()).isFalse();
        assertThat(entry.timeline()).extracting(TimelineEntry::status).containsExactly("ACCEPTED", "ROUTED", "DUPLICATE");
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
    }

    @Test
    void aKeyReusedAfterTheDedupWindowStartsANewLifeOfTheSameIdThatCanFailOver() {
        NotificationRequest first = current("k7");
        String id = first.getNotificationId();
        h.workerOutcomes.pipeInput(id, worker(id, OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary", null, "250", h.now()));
        assertThat(h.ledger().get(id).state()).isEqualTo("SENT");

        h.advance(Duration.ofDays(7).plusMinutes(2)); // past router.dedup.window; the SENT entry is still retained
        assertThat(h.ledger().get(id)).isNotNull();
        current("k7");

        LedgerEntry second = h.ledger().get(id);
        assertThat(second.state()).isEqualTo("ROUTED");
        assertThat(second.terminal()).isFalse();
        assertThat(second.request()).isNotNull();
        assertThat(second.timeline()).extracting(TimelineEntry::status).containsExactly("ACCEPTED", "ROUTED");
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(2);

        // The new life is not stuck in the old one's terminal state: an exhaustion fails it over to SMS.
        h.workerOutcomes.pipeInput(id, worker(id, OutcomeStatus.CHANNEL_EXHAUSTED, Channel.EMAIL, "smtp-secondary",
                ErrorClass.TRANSIENT, "451", h.now()));
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).singleElement()
                .satisfies(d -> assertThat(d.key()).isEqualTo(id));
        assertThat(h.ledger().get(id).state()).isEqualTo("FAILED_OVER");
    }
}
