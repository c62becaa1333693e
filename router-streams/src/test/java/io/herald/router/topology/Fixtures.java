package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.UUID;

/** Small builders for topology tests. */
final class Fixtures {
    private Fixtures() {
    }

    static NotificationRequest otp(String key, Instant now) {
        return Samples.otp("acme", key, now);
    }

    static NotificationRequest bulk(String key, Instant now) {
        return Samples.newsletter("acme", key, now);
    }

    static NotificationRequest transactional(String key, Instant now) {
        NotificationRequest r = Samples.otp("acme", key, now);
        r.setPriority(Priority.TRANSACTIONAL);
        r.setCategory("receipt");
        r.setExpiresAt(null);
        return r;
    }

    static DeliveryOutcome worker(String notificationId, OutcomeStatus status, Channel channel, String provider,
                                  ErrorClass error, String code, Instant at) {
        return DeliveryOutcome.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setNotificationId(notificationId)
                .setTenantId("acme")
                .setAt(at)
                .setStage(Stage.WORKER)
                .setStatus(status)
                .setChannel(channel)
                .setLane(Priority.CRITICAL)
                .setProvider(provider)
                .setAttempt(3)
                .setErrorClass(error)
                .setProviderCode(code)
                .setLatencyMs(10L)
                .build();
    }

    static ProviderHealth health(String provider, Channel channel, HealthState state, Instant at) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(channel).setState(state).setSince(at)
                .setReason("test").setSource(HealthSource.OBSERVED).build();
    }

    static ControlCommand control(ControlType type, String target, Instant at) {
        return ControlCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setType(type).setTarget(target)
                .setIssuedBy("oncall@ops").setReason("test").setAt(at).build();
    }
}
