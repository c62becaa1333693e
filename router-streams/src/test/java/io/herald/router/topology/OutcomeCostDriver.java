package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.schemas.NotificationIds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program, not a test: the router's CPU cost per worker outcome (issue 13, bulk drain). It routes N bulk
 * requests keyed by their deterministic id on a TopologyTestDriver, then pipes one worker SENT outcome per request
 * (alternating two destinations, so the destination attribution does its work) and reports the main thread's CPU
 * time per outcome; the outcome path is the ledger (entry read, timeline line, entry write) and the health path
 * (signal → health-signals → DestinationAttributor → HealthTracker). A TopologyTestDriver commits after every
 * input record, so Streams' record cache coalesces nothing here: what it measures is the processors' own work and
 * their serdes. Run it with a JFR recording to see the shares:
 *
 * <pre>
 * mvn -B -ntp -q -pl router-streams -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -XX:StartFlightRecording=filename=/tmp/outcomes.jfr,settings=profile \
 *   -cp router-streams/target/test-classes:router-streams/target/classes:$(cat router-streams/target/cp.txt) \
 *   io.herald.router.topology.OutcomeCostDriver 20000 3
 * </pre>
 * Args: outcomes per round (default 20000), rounds (default 3; the first is warm-up).
 */
public final class OutcomeCostDriver {
    private OutcomeCostDriver() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (RouterHarness h = new RouterHarness(Map.of())) {
            for (int round = 0; round < rounds; round++) {
                List<String> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String key = "r" + round + "-" + i;
                    NotificationRequest r = Fixtures.bulk(key, h.now());
                    String id = NotificationIds.of(r.getTenantId(), key);
                    r.setNotificationId(id);
                    h.requests.pipeInput(id, r);
                    ids.add(id);
                }
                h.lane(Channel.EMAIL, Priority.BULK).readRecordsToList();
                h.outcomes.readRecordsToList();
                h.advance(Duration.ofMillis(1));
                long cpu0 = cpu.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Instant at = h.now().plusMillis(i);
                    DeliveryOutcome sent = Fixtures.worker(ids.get(i), OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary",
                            null, "250", at);
                    sent.setLane(Priority.BULK);
                    sent.setDestination(i % 2 == 0 ? "google-workspace" : "exchange-online");
                    h.workerOutcomes.pipeInput(ids.get(i), sent);
                }
                long cpuNs = cpu.getCurrentThreadCpuTime() - cpu0;
                long wallNs = System.nanoTime() - wall0;
                h.outcomes.readRecordsToList();
                h.health.readRecordsToList();
                System.out.printf("round %d%s: %d outcomes, CPU %.1f µs/outcome, wall %.1f µs/outcome%n", round,
                        round == 0 ? " (warm-up)" : "", n, cpuNs / 1e3 / n, wallNs / 1e3 / n);
            }
        }
    }
}
