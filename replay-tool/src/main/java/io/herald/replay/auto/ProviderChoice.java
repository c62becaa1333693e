package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import java.util.Collection;
import java.util.List;

/** Which providers a release of a channel may be gated on, best first. Pure. */
final class ProviderChoice {
    private ProviderChoice() {
    }

    /**
     * The channel's HEALTHY providers, by id. The router publishes transitions only, so a channel whose providers
     * never left HEALTHY has no record at all: then, if unknown providers count as healthy, the provider that last
     * tried the parked message stands for the channel.
     *
     * @param parkedProvider the provider named on the parked record, or null
     */
    static List<String> candidates(Channel channel, Collection<ProviderHealth> latest, boolean unknownIsHealthy,
                                   String parkedProvider) {
        // Recipient destinations share the health topic (field destination set); they are not providers.
        boolean noRecords = latest.stream().noneMatch(h -> h.getChannel() == channel && h.getDestination() == null);
        if (noRecords) return unknownIsHealthy && parkedProvider != null ? List.of(parkedProvider) : List.of();
        return latest.stream()
                .filter(h -> h.getChannel() == channel && h.getDestination() == null && h.getState() == HealthState.HEALTHY)
                .map(ProviderHealth::getProviderId).sorted().toList();
    }
}
