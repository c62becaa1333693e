package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.transactional;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger is bounded: a terminal notification loses its request (addresses, bodies) at once and is
 * forgotten {@code router.ledger.retention} later, with a tombstone on the store's changelog, so neither
 * RocksDB nor the changelog keeps personal data past the retention. Purges run on the wall clock, advanced
 * by the driver.
 */
class LedgerRetentionTest {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Duration TRANSACTIONAL_LIFE = Duration.ofHours(24);
    private static final String CHANGELOG = "herald-router-" + Ledger.STORE + "-changelog";

    private final RouterHarness h = new RouterHarness();
    private final TestOutputTopic<String, byte[]> changelog = h.driver.createOutputTopic(CHANGELOG,
            Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

    @AfterEach
    void close() {
        h.close();
    }

    private List<TestRecord<String, byte[]>> changelogOf(String id) {
        return changelog.readRecordsToList().stream().filter(r -> r.key().equals(id)).toList();
    }

    @Test
    void aSentNotificationLosesItsRequestAtOnceAndIsForgottenAfterTheRetentionWithAChangelogTombstone() {
        h.send(transactional("receipt", h.now()));
        assertThat(h.ledger().get("n-acme-receipt").request()).as("kept while it may be routed again").isNotNull();

        h.advance(Duration.ofSeconds(5));
        h.workerOutcomes.pipeInput("n-acme-receipt", worker("n-acme-receipt", OutcomeStatus.SENT, Channel.EMAIL,
                "smtp-primary", null, "250", h.now()));
        LedgerEntry sent = h.ledger().get("n-acme-receipt");
        assertThat(sent.terminal()).isTrue();
        assertThat(sent.request()).as("the addresses and bodies are gone with the terminal state").isNull();
        assertThat(sent.terminalAtMs()).isEqualTo(h.now().toEpochMilli());
        assertThat(sent.timeline()).extracting(TimelineEntry::status).containsExactly("ROUTED", "SENT");
        changelog.readRecordsToList();

        // Transactional mail lives 24 h: a parked copy released until then must still find it, so the retention
        // counts from its expiry here, the later of the two.
        h.advance(TRANSACTIONAL_LIFE.plus(RETENTION).minusMinutes(2));
        assertThat(h.ledger().get("n-acme-receipt")).as("still answering status a little before the retention").isNotNull();

        h.advance(Duration.ofMinutes(3));
        assertThat(h.ledger().get("n-acme-receipt")).isNull();
        assertThat(changelogOf("n-acme-receipt")).as("the deletion reaches the changelog")
                .singleElement().satisfies(r -> assertThat(r.value()).isNull());
        assertThat(h.driver.<String, String>getKeyValueStore(LedgerRetention.STORE).approximateNumEntries()).isZero();
    }

    @Test
    void aLateDeliveryReportDoesNotRestartTheRetention() {
        h.send(Fixtures.otp("late", h.now()));
        h.workerOutcomes.pipeInput("n-acme-late", worker("n-acme-late", OutcomeStatus.SENT, Channel.EMAIL,
                "smtp-primary", null, "250", h.now()));
        long terminalAt = h.now().toEpochMilli();
        h.advance(Duration.ofDays(3));
        h.workerOutcomes.pipeInput("n-acme-late", worker("n-acme-late", OutcomeStatus.DELIVERED, Channel.EMAIL,
                "smtp-primary", null, null, h.now()));
        assertThat(h.ledger().get("n-acme-late").state()).isEqualTo("DELIVERED");
        assertThat(h.ledger().get("n-acme-late").terminalAtMs()).isEqualTo(terminalAt);

        h.advance(Duration.ofDays(4).plusMinutes(20)); // a one-time code expires within minutes
        assertThat(h.ledger().get("n-acme-late")).isNull();
    }

    @Test
    void aParkedNotificationKeepsItsRequestForItsReleaseAndIsForgottenAfterItExpires() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, HealthState.DOWN, h.now()));
        h.send(bulk("news", h.now()));
        assertThat(h.ledger().get("n-acme-news").state()).isEqualTo("PARKED");
        assertThat(h.ledger().get("n-acme-news").request()).as("a release needs the request").isNotNull();

        // Bulk lives 72 h: it expires while parked, becomes terminal then, and is forgotten a retention later.
        h.advance(Duration.ofHours(72).plusSeconds(5));
        LedgerEntry expired = h.ledger().get("n-acme-news");
        assertThat(expired.state()).isEqualTo("EXPIRED");
        assertThat(expired.request()).isNull();

        h.advance(RETENTION.plusMinutes(1));
        assertThat(h.ledger().get("n-acme-news")).isNull();
    }

    @Test
    void anUncertainNotificationIsKeptWhileItCouldStillBeResentThenForgotten() {
        h.send(transactional("unsure", h.now()));
        h.workerOutcomes.pipeInput("n-acme-unsure", worker("n-acme-unsure", OutcomeStatus.UNCERTAIN, Channel.EMAIL,
                "smtp-primary", null, null, h.now()));
        assertThat(h.ledger().get("n-acme-unsure").terminal()).isFalse();

        // Its first line comes due a retention after it was filed; its request lives 24 h more, so it is kept.
        h.advance(RETENTION.plusMinutes(1));
        assertThat(h.ledger().get("n-acme-unsure")).isNotNull();
        assertThat(h.ledger().get("n-acme-unsure").request()).isNotNull();

        h.advance(Duration.ofDays(1));
        assertThat(h.ledger().get("n-acme-unsure")).as("a retention past its expiry, nothing can route it").isNull();
    }

    @Test
    void theRetentionIsConfigurable() {
        try (RouterHarness longer = new RouterHarness(Map.of("HERALD_ROUTER_LEDGER_RETENTION", "30d"))) {
            longer.send(transactional("kept", longer.now()));
            longer.workerOutcomes.pipeInput("n-acme-kept", worker("n-acme-kept", OutcomeStatus.FAILED, Channel.EMAIL,
                    "smtp-primary", null, "550 5.1.1", longer.now()));
            longer.advance(RETENTION.plusDays(2));
            assertThat(longer.ledger().get("n-acme-kept")).isNotNull();
            longer.advance(Duration.ofDays(22)); // 30 days after its expiry (24 h)
            assertThat(longer.ledger().get("n-acme-kept")).isNull();
        }
    }

    @Test
    void anEntryWrittenBeforeRetentionExistedIsFiledByTheSweepAndForgottenLikeAnyOther() {
        h.send(transactional("legacy", h.now()));
        h.workerOutcomes.pipeInput("n-acme-legacy", worker("n-acme-legacy", OutcomeStatus.SENT, Channel.EMAIL,
                "smtp-primary", null, "250", h.now()));
        // What an older router left behind: terminal, request still held, no retention line.
        LedgerEntry current = h.ledger().get("n-acme-legacy");
        byte[] request = AvroBinary.encode(transactional("legacy", h.now()));
        LedgerEntry legacy = new LedgerEntry(current.notificationId(), current.tenantId(), current.state(), true,
                current.channel(), current.provider(), current.updatedAtMs(), current.timeline(), current.exhausted(),
                request, null, null, 0, null, null, null);
        h.driver.<String, String>getKeyValueStore(LedgerRetention.STORE).delete(DeferralSchedule.key(current.purgeAtMs(),
                current.notificationId()));
        h.ledger().put("n-acme-legacy", legacy);

        h.advance(Duration.ofMinutes(1));
        LedgerEntry filed = h.ledger().get("n-acme-legacy");
        assertThat(filed.request()).as("its request dropped by the sweep").isNull();
        assertThat(filed.purgeAtMs()).isNotNull();

        h.advance(TRANSACTIONAL_LIFE.plus(RETENTION));
        assertThat(h.ledger().get("n-acme-legacy")).isNull();
    }
}
