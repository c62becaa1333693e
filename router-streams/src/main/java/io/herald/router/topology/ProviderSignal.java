package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.router.health.Signal;

/** One worker attempt reduced to what health tracking needs; keyed by providerId in {@code health-signals}. */
public record ProviderSignal(String providerId, Channel channel, Signal signal, long atMs) {
}
