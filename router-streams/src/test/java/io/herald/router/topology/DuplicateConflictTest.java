package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.otp;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.router.decision.DuplicateRule;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.NotificationIds;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two ingest instances accepted the same key: the router keeps the first and says whether the bodies differed. */
class DuplicateConflictTest {
    private final RouterHarness h = new RouterHarness();
    private final String id = NotificationIds.of("acme", "k1");

    @AfterEach
    void close() {
        h.close();
    }

    private void send(String fingerprint) {
        NotificationRequest r = otp("k1", h.now());
        r.setNotificationId(id);
        RecordHeaders headers = new RecordHeaders();
        HeraldHeaders.put(headers, HeraldHeaders.INGEST_FINGERPRINT, fingerprint);
        h.requests.pipeInput(new TestRecord<>(id, r, headers, h.now()));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictNamingTheKeptNotification() {
        send("sha256:aaaa");
        send("sha256:bbbb");

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        List<DeliveryOutcome> outcomes = h.routerOutcomes();
        DeliveryOutcome duplicate = outcomes.get(1);
        assertThat(duplicate.getStatus()).isEqualTo(OutcomeStatus.DUPLICATE);
        assertThat(duplicate.getDecision().getRule()).isEqualTo(DuplicateRule.CONFLICT);
        assertThat(duplicate.getDetail()).isEqualTo("idempotency key reused with a different body; kept the first: " + id);
        // The status API serves the ledger's timeline: the conflict is there, the original's state stands.
        LedgerEntry entry = h.ledger().get(id);
        assertThat(entry.state()).isEqualTo("ROUTED");
        assertThat(entry.timeline()).last().satisfies(t -> {
            assertThat(t.status()).isEqualTo("DUPLICATE");
            assertThat(t.detail()).startsWith("idempotency key reused with a different body");
        });
    }

    @Test
    void theSameKeyWithTheSameBodyIsAPlainDuplicate() {
        send("sha256:aaaa");
        send("sha256:aaaa");

        DeliveryOutcome duplicate = h.routerOutcomes().get(1);
        assertThat(duplicate.getStatus()).isEqualTo(OutcomeStatus.DUPLICATE);
        assertThat(duplicate.getDecision().getRule()).isEqualTo(DuplicateRule.SEEN);
        assertThat(duplicate.getDetail()).isEqualTo("duplicate of " + id);
    }
}
