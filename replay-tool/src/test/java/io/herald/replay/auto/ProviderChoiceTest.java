package io.herald.replay.auto;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderChoiceTest {
    private static ProviderHealth h(String id, Channel channel, HealthState state) {
        return ProviderHealth.newBuilder().setProviderId(id).setChannel(channel).setState(state).setSince(Instant.EPOCH)
                .setReason("test").setSource(HealthSource.OBSERVED).build();
    }

    private static ProviderHealth dest(String name, HealthState state) {
        ProviderHealth health = h("destination:" + name, Channel.EMAIL, state);
        health.setDestination(name);
        return health;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // HEALTHY providers of the channel, by id; others and other channels are left out.
                Arguments.of(List.of(h("smtp-secondary", Channel.EMAIL, HealthState.HEALTHY), h("smtp-primary", Channel.EMAIL,
                        HealthState.HEALTHY), h("twilio", Channel.SMS, HealthState.HEALTHY)), true, "smtp-primary",
                        List.of("smtp-primary", "smtp-secondary")),
                Arguments.of(List.of(h("smtp-primary", Channel.EMAIL, HealthState.DEGRADED), h("smtp-secondary", Channel.EMAIL,
                        HealthState.HEALTHY)), true, "smtp-primary", List.of("smtp-secondary")),
                // Records exist but none is HEALTHY: the parked message's provider does not stand in.
                Arguments.of(List.of(h("smtp-primary", Channel.EMAIL, HealthState.DOWN)), true, "smtp-primary", List.of()),
                // No record for the channel: never left HEALTHY, so the parked message's provider stands for it...
                Arguments.of(List.of(h("twilio", Channel.SMS, HealthState.DOWN)), true, "smtp-primary", List.of("smtp-primary")),
                // ...unless unknown providers are not trusted, or the record names none.
                Arguments.of(List.of(), false, "smtp-primary", List.of()),
                Arguments.of(List.of(), true, null, List.of()),
                // A recipient destination's record is not a provider: never a candidate, and it does not count as the
                // channel's record either.
                Arguments.of(List.of(dest("exchange-online", HealthState.HEALTHY), h("smtp-primary", Channel.EMAIL,
                        HealthState.HEALTHY)), true, "smtp-primary", List.of("smtp-primary")),
                Arguments.of(List.of(dest("exchange-online", HealthState.DOWN)), true, "smtp-primary", List.of("smtp-primary")));
    }

    @ParameterizedTest
    @MethodSource("table")
    void candidates(List<ProviderHealth> latest, boolean unknownIsHealthy, String parkedProvider, List<String> expected) {
        assertThat(ProviderChoice.candidates(Channel.EMAIL, latest, unknownIsHealthy, parkedProvider)).isEqualTo(expected);
    }
}
