package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parked notifications wait for a replay; one that never comes before the message expires must still end in
 * exactly one terminal state. The ledger's schedule expires it, and a release arriving later is skipped.
 */
class ParkedExpiryTest {
    /** Bulk mail lives 72 h by default. */
    private static final Duration BULK_LIFE = Duration.ofHours(72);

    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void emailDown() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, HealthState.DOWN, h.now()));
    }

    private void emailHealthy() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, HealthState.HEALTHY, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, HealthState.HEALTHY, h.now()));
    }

    private List<String> timeline(String id) {
        return h.ledger().get(id).timeline().stream().map(TimelineEntry::status).toList();
    }

    @Test
    void bulkParkedForAnOutageLongerThanItsLifeExpiresOnceAndALateReleaseIsSkipped() {
        emailDown();
        NotificationRequest news = bulk("news", h.now());
        Instant expiresAt = news.getCreatedAt().plus(BULK_LIFE);
        h.send(news);
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).hasSize(1);
        assertThat(h.routerOutcomes()).extracting(o -> o.getStatus()).containsExactly(OutcomeStatus.PARKED);
        assertThat(h.ledger().get("n-acme-news").dueAtMs()).isEqualTo(expiresAt.toEpochMilli());

        h.advance(Duration.between(h.now(), expiresAt).minusMinutes(1));
        assertThat(h.routerOutcomes()).as("still alive a minute before its expiry").isEmpty();

        h.advance(Duration.ofMinutes(1));
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.EXPIRED);
            assertThat(o.getDecision().getRule()).isEqualTo(Ledger.RULE_EXPIRED_WHILE_PARKED);
            assertThat(o.getDetail()).contains(expiresAt.toString());
        });
        LedgerEntry expired = h.ledger().get("n-acme-news");
        assertThat(expired.state()).isEqualTo("EXPIRED");
        assertThat(expired.terminal()).isTrue();
        assertThat(expired.dueAtMs()).isNull();

        // The provider recovers and the parked record is released after all: skipped, not expired twice.
        emailHealthy();
        h.replays.pipeInput("n-acme-news", news);
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDecision().getRule()).isEqualTo(Ledger.RULE_ALREADY_EXPIRED);
        });
        assertThat(h.ledger().get("n-acme-news").state()).isEqualTo("EXPIRED");
        assertThat(timeline("n-acme-news")).containsExactly("ACCEPTED", "PARKED", "EXPIRED", "SKIPPED");
    }

    @Test
    void aParkedMessageReleasedInTimeIsDispatchedAndNeverExpiredLater() {
        emailDown();
        NotificationRequest news = bulk("news", h.now());
        h.send(news);
        h.routerOutcomes();

        h.advance(Duration.ofHours(10));
        emailHealthy();
        h.replays.pipeInput("n-acme-news", news);
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
        assertThat(h.ledger().get("n-acme-news").dueAtMs()).as("nothing left scheduled").isNull();
        h.routerOutcomes();

        h.advance(BULK_LIFE);
        assertThat(h.routerOutcomes()).isEmpty();
        assertThat(h.ledger().get("n-acme-news").state()).isEqualTo("ROUTED");
    }

    @Test
    void mailParkedAfterItsChannelWasExhaustedExpiresToo() {
        NotificationRequest news = bulk("news", h.now());
        Instant expiresAt = news.getCreatedAt().plus(BULK_LIFE);
        h.send(news);
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
        h.routerOutcomes();

        // Retries ran out; bulk never moves to a paid channel, so the router parks it.
        h.workerOutcomes.pipeInput("n-acme-news", worker("n-acme-news", OutcomeStatus.CHANNEL_EXHAUSTED, Channel.EMAIL,
                "smtp-primary", ErrorClass.THROTTLED, "451 4.3.2", h.now()));
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).hasSize(1);
        assertThat(h.ledger().get("n-acme-news").state()).isEqualTo("PARKED");
        assertThat(h.ledger().get("n-acme-news").dueAtMs()).isEqualTo(expiresAt.toEpochMilli());
        h.routerOutcomes();

        h.advance(Duration.between(h.now(), expiresAt));
        assertThat(h.routerOutcomes()).extracting(o -> o.getStatus()).containsExactly(OutcomeStatus.EXPIRED);
        assertThat(h.ledger().get("n-acme-news").terminal()).isTrue();
    }
}
