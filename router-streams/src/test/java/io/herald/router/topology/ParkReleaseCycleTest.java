package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.schemas.HeraldHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Park → release → park again must end: at most HERALD_REPLAY_MAX_RELEASES releases, then FAILED. */
class ParkReleaseCycleTest {
    private static final String ID = "n-acme-k1";
    private RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** The worker exhausted the channel (e.g. a host that does not resolve): the router parks a transactional one. */
    private ParkedNotification exhaustAndPark() {
        h.workerOutcomes.pipeInput(ID, worker(ID, OutcomeStatus.CHANNEL_EXHAUSTED, Channel.EMAIL, "smtp-primary",
                ErrorClass.TRANSIENT, "io:unknown-host", h.now()));
        List<ParkedNotification> parked = h.parked(Channel.EMAIL).readValuesToList();
        return parked.isEmpty() ? null : parked.get(0);
    }

    private void release(ParkedNotification parked) {
        RecordHeaders headers = new RecordHeaders();
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_BY, "auto-replayer");
        h.replays.pipeInput(new TestRecord<>(ID, parked.getRequest(), headers, h.now()));
        h.advance(Duration.ofMinutes(1));
    }

    @Test
    void aNotificationParkedAgainAfterThreeReleasesEndsFailedWithTheReason() {
        h.send(Fixtures.transactional("k1", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).hasSize(1);
        ParkedNotification parked = exhaustAndPark();
        assertThat(parked).isNotNull();
        for (int release = 1; release <= 2; release++) {
            release(parked);
            assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).as("release %d dispatches", release).hasSize(1);
            assertThat(exhaustAndPark()).as("parked again after release %d", release).isNotNull();
        }
        release(parked);
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).as("the third release dispatches").hasSize(1);
        h.routerOutcomes();

        assertThat(exhaustAndPark()).as("no fourth park").isNull();

        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(o.getDetail()).isEqualTo("parked again after 3 releases: channel-exhausted");
            assertThat(o.getDecision().getRule()).isEqualTo("release-limit");
            assertThat(o.getProviderCode()).isEqualTo("io:unknown-host");
        });
        LedgerEntry entry = h.ledger().get(ID);
        assertThat(entry.state()).isEqualTo("FAILED");
        assertThat(entry.terminal()).isTrue();
        assertThat(entry.releases()).isEqualTo(3);
        assertThat(entry.dueAtMs()).as("no expiry left scheduled").isNull();

        // A late release of the old parked record cannot revive it.
        release(parked);
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.SKIPPED);
    }

    @Test
    void theReleaseLimitIsConfigurable() {
        h.close();
        h = new RouterHarness(Map.of("HERALD_REPLAY_MAX_RELEASES", "1"));
        h.send(Fixtures.transactional("k1", h.now()));
        ParkedNotification parked = exhaustAndPark();
        release(parked);
        h.routerOutcomes();

        assertThat(exhaustAndPark()).isNull();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getDetail)
                .containsExactly("parked again after 1 release: channel-exhausted");
    }

    @Test
    void aFirstParkIsNeverCountedAsARelease() {
        h.send(Fixtures.transactional("k1", h.now()));
        assertThat(exhaustAndPark()).isNotNull();
        assertThat(h.ledger().get(ID).releases()).isZero();
        assertThat(h.ledger().get(ID).state()).isEqualTo("PARKED");
    }
}
