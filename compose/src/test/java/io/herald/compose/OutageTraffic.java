package io.herald.compose;

import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.EventLog;
import io.herald.compose.drill.LoadGenerator;
import io.herald.compose.drill.Mix;
import io.herald.compose.drill.Posted;
import io.herald.compose.drill.RecipientDomains;
import io.herald.contracts.Priority;
import io.herald.policy.reconcile.Accepted;
import io.herald.policy.reconcile.Reconciliation;
import io.herald.policy.reconcile.ReconciliationReport;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The drill's load and event-log reader, pointed at a test's local stack: what the outage ITs drive and observe. */
final class OutageTraffic {
    final LoadGenerator load;
    final EventLog log;

    OutageTraffic(LocalStack stack, String runId, Mix mix, Map<Priority, List<String>> channels) {
        this(stack, runId, mix, channels, RecipientDomains.LANES);
    }

    /** @param domains which recipients are on which mail domain (a share on an affected destination) */
    OutageTraffic(LocalStack stack, String runId, Mix mix, Map<Priority, List<String>> channels, RecipientDomains domains) {
        this.load = new LoadGenerator(stack.ingest().url(), StackClient.API_KEY, runId, mix, Duration.ofMinutes(2), channels, domains,
                Clock.systemUTC());
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(stack.registry().confluentApiUrl())));
        this.log = new EventLog(stack.kafka().bootstrapServers(), topics, Duration.ofSeconds(60));
    }

    /** Waits until every accepted post has a terminal state (parked ones included: they must be released). */
    ReconciliationReport awaitAllTerminal(Duration patience) {
        List<Accepted> accepted = load.posted().stream().map(p -> new Accepted(p.notificationId(), p.postedAt())).toList();
        ReconciliationReport[] last = new ReconciliationReport[1];
        try {
            await().atMost(patience).pollInterval(Duration.ofSeconds(2)).until(() -> {
                last[0] = Reconciliation.reconcile(accepted, log.outcomes(), List.of(), Instant.MIN);
                return last[0].terminal() == accepted.size();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not every notification ended within " + patience + ": " + last[0].parked().size() + " parked, "
                    + last[0].inFlight().size() + " still moving", e);
        }
        return last[0];
    }

    /** Like {@link #awaitAllTerminal} but returns what it last saw instead of failing, for tests that assert it. */
    ReconciliationReport settle(Duration patience) {
        try {
            return awaitAllTerminal(patience);
        } catch (AssertionError notAllEnded) {
            List<Accepted> accepted = load.posted().stream().map(p -> new Accepted(p.notificationId(), p.postedAt())).toList();
            return Reconciliation.reconcile(accepted, log.outcomes(), List.of(), Instant.MIN);
        }
    }

    List<Posted> posted(Priority lane, Posted.Phase phase) {
        return load.posted().stream().filter(p -> p.lane() == lane && (phase == null || p.phase() == phase)).toList();
    }
}
