package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.otp;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.HeraldHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter route for unreadable bytes. TopologyTestDriver (4.3.1) does not surface the records a
 * deserialization handler returns when it simulates exactly_once_v2 (observed: they never reach its
 * output topics), so this driver runs at-least-once; RouterExactlyOnceIT checks the same route under
 * exactly_once_v2 on a real broker.
 */
class DeadLetterTest {
    private final RouterHarness h = new RouterHarness(Map.of("kafka.processing.guarantee", "at_least_once"));

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void unreadableBytesGoToTheDlqAndTheRouterKeepsGoing() {
        h.rawRequests.pipeInput("acme/garbage".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 42, 1, 2});
        h.send(otp("after", h.now()));

        var dead = h.dlq.readRecord();
        assertThat(dead.value()).containsExactly(0, 0, 0, 0, 42, 1, 2);
        assertThat(HeraldHeaders.get(dead.headers(), HeraldHeaders.DLQ_CAUSE)).isEqualTo("deserialization");
        assertThat(HeraldHeaders.get(dead.headers(), HeraldHeaders.DLQ_SOURCE_OFFSET)).isEqualTo("0");
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
    }

}
