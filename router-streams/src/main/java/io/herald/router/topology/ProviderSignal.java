package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.router.health.Signal;

/**
 * One worker attempt reduced to what health tracking needs; keyed by providerId in {@code health-signals}.
 * {@code destination} is the attempt's recipient destination (null when unknown, and for probes); the
 * {@link DestinationAttributor} decides whether the signal speaks about the provider, the destination or both,
 * and hands the tracker signals whose {@code providerId} is the health key they count for.
 */
public record ProviderSignal(String providerId, Channel channel, Signal signal, long atMs, String destination) {
    public ProviderSignal(String providerId, Channel channel, Signal signal, long atMs) {
        this(providerId, channel, signal, atMs, null);
    }
}
