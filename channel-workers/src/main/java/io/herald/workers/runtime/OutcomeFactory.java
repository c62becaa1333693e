package io.herald.workers.runtime;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Stage;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the worker's DeliveryOutcome events. Only ids, codes and classes go in: never addresses or
 * content. {@code attempt} is the command's delivery round on this channel (1 for the first).
 */
final class OutcomeFactory {
    private OutcomeFactory() {
    }

    static DeliveryOutcome outcome(DispatchCommand command, Instant at, OutcomeStatus status, String provider, ErrorClass errorClass,
                                   String providerCode, String detail, Long latencyMs) {
        return DeliveryOutcome.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setNotificationId(command.getNotificationId())
                .setTenantId(command.getTenantId())
                .setAt(at)
                .setStage(Stage.WORKER)
                .setStatus(status)
                .setChannel(command.getChannel())
                .setLane(command.getLane())
                .setCategory(command.getCategory())
                .setProvider(provider)
                .setAttempt(command.getAttempt())
                .setErrorClass(errorClass)
                .setProviderCode(providerCode)
                .setDetail(detail)
                .setLatencyMs(latencyMs)
                // The router counts a recipient-specific failure against the destination, not the provider.
                .setDestination(command.getDestination())
                .build();
    }
}
