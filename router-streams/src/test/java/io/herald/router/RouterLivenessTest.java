package io.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RouterLivenessTest {
    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"PENDING_ERROR", "ERROR"})
    void aStreamsInstanceThatFailedForGoodIsNotLive(KafkaStreams.State state) {
        assertThat(RouterApp.live(state)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN", "NOT_RUNNING"})
    void anyOtherStateIsLive(KafkaStreams.State state) {
        // REBALANCING and a replaced thread recover by themselves; NOT_RUNNING is a router being closed.
        assertThat(RouterApp.live(state)).isTrue();
    }

    @Test
    void aRouterNotStartedYetIsLive() {
        assertThat(RouterApp.live(null)).isTrue();
    }
}
