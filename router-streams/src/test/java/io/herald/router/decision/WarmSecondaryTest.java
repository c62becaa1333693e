package io.herald.router.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.policy.choice.WarmUp;
import io.herald.policy.destination.DestinationOverrides;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The warm secondary (issue 14): a configured share of transactional and bulk email goes to the secondary first. */
class WarmSecondaryTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Decider DECIDER = new Decider(new RoutingPolicy(RoutingPolicy.DEFAULT.providers(),
            RoutingPolicy.DEFAULT.paidChannels(), 10, DestinationOverrides.NONE, WarmUp.parse("2%")), ExpiryPolicy.DEFAULT);

    private static List<Decision.Dispatch> route(Priority lane, Map<String, HealthState> health, int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            NotificationRequest r = Samples.otp("acme", "k" + i, NOW);
            r.setNotificationId("n-" + i);
            r.setPriority(lane);
            r.setExpiresAt(null);
            r.setChannels(List.of(Channel.EMAIL));
            return (Decision.Dispatch) DECIDER.decide(r, Situation.fresh(NOW, null, health, Pauses.NONE));
        }).toList();
    }

    @Test
    void twoPercentOfBulkStartsOnTheSecondaryWithinTenPercentOfTheShare() {
        List<Decision.Dispatch> dispatches = route(Priority.BULK, Map.of(), 20_000);
        List<Decision.Dispatch> warmed = dispatches.stream().filter(d -> d.providers().get(0).equals("smtp-secondary")).toList();
        assertThat(warmed.size()).isBetween(360, 440);
        assertThat(warmed).allSatisfy(d -> {
            assertThat(d.rule()).isEqualTo(ChannelChooser.WARM_SECONDARY);
            assertThat(d.providers()).containsExactly("smtp-secondary", "smtp-primary");
        });
    }

    @Test
    void criticalIsNeverWarmedAndAnUnhealthyPrimaryMeansFailoverNotWarmUp() {
        assertThat(route(Priority.CRITICAL, Map.of(), 5_000)).allSatisfy(d -> assertThat(d.providers().get(0)).isEqualTo("smtp-primary"));
        assertThat(route(Priority.TRANSACTIONAL, Map.of("smtp-primary", HealthState.DEGRADED), 5_000))
                .allSatisfy(d -> assertThat(d.rule()).isEqualTo(ChannelChooser.PRIMARY));
        assertThat(route(Priority.BULK, Map.of("smtp-secondary", HealthState.DEGRADED), 5_000))
                .allSatisfy(d -> assertThat(d.providers().get(0)).isEqualTo("smtp-primary"));
    }
}
