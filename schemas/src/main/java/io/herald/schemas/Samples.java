package io.herald.schemas;

import io.herald.contracts.Channel;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.Content;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.DecisionContext;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OptOut;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.ProviderProbe;
import io.herald.contracts.QuietHours;
import io.herald.contracts.Recipient;
import io.herald.contracts.RecipientPreference;
import io.herald.contracts.RouteStep;
import io.herald.contracts.Stage;
import io.herald.contracts.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Realistic example records of every contract, for tests, demos and the load generator. Addresses
 * use reserved example domains and fictional number ranges.
 */
public final class Samples {
    private Samples() {
    }

    /** A critical one-time-code request by email then SMS, created at {@code now}. */
    public static NotificationRequest otp(String tenant, String idempotencyKey, Instant now) {
        return NotificationRequest.newBuilder()
                .setNotificationId("n-" + tenant + "-" + idempotencyKey)
                .setTenantId(tenant)
                .setIdempotencyKey(idempotencyKey)
                .setCreatedAt(now)
                .setExpiresAt(now.plus(Duration.ofMinutes(15)))
                .setPriority(Priority.CRITICAL)
                .setCategory("otp")
                .setRecipient(Recipient.newBuilder().setRecipientId("u-1").setEmail("ada@example.com")
                        .setPhone("+14155550100").setLocale("en-GB").setTimezone("Europe/London").build())
                .setChannels(List.of(Channel.EMAIL, Channel.SMS))
                .setContent(Content.newBuilder().setSubject("Your sign-in code").setText("Your code is 123456")
                        .setSmsText("Code 123456").build())
                .setAttributes(Map.of("correlationId", "c-" + idempotencyKey))
                .build();
    }

    /** A bulk newsletter by email only, with no explicit expiry. */
    public static NotificationRequest newsletter(String tenant, String idempotencyKey, Instant now) {
        return NotificationRequest.newBuilder(otp(tenant, idempotencyKey, now))
                .setExpiresAt(null)
                .setPriority(Priority.BULK)
                .setCategory("newsletter")
                .setChannels(List.of(Channel.EMAIL))
                .setContent(Content.newBuilder().setSubject("November news").setText("Hello!")
                        .setHtml("<p>Hello!</p>").build())
                .build();
    }

    /** The email slice of {@link #otp} on the critical lane. */
    public static DispatchCommand dispatch(NotificationRequest request, Channel channel, String provider) {
        return DispatchCommand.newBuilder()
                .setNotificationId(request.getNotificationId())
                .setTenantId(request.getTenantId())
                .setChannel(channel)
                .setLane(request.getPriority())
                .setCategory(request.getCategory())
                .setRecipientId(request.getRecipient().getRecipientId())
                .setAddress(channel == Channel.SMS ? request.getRecipient().getPhone() : request.getRecipient().getEmail())
                .setLocale(request.getRecipient().getLocale())
                .setContent(request.getContent())
                .setExpiresAt(request.getExpiresAt() == null ? request.getCreatedAt().plus(Duration.ofHours(24))
                        : request.getExpiresAt())
                .setCreatedAt(request.getCreatedAt())
                .setProviders(List.of(provider))
                .setProviderHint(provider)
                .setRouteHistory(List.of(RouteStep.newBuilder().setAt(request.getCreatedAt()).setChannel(channel)
                        .setProvider(provider).setStatus(OutcomeStatus.ROUTED).setRule("first-healthy-channel").build()))
                .setAttributes(request.getAttributes())
                .setFallbackChannels(request.getChannels().stream().filter(c -> c != channel).toList())
                .build();
    }

    /** A deferral outcome as a worker reports it after a 451 4.3.2. */
    public static DeliveryOutcome deferred(String notificationId, String tenant, Instant at) {
        return DeliveryOutcome.newBuilder()
                .setEventId("e-" + notificationId + "-" + at.toEpochMilli())
                .setNotificationId(notificationId)
                .setTenantId(tenant)
                .setAt(at)
                .setStage(Stage.WORKER)
                .setStatus(OutcomeStatus.DEFERRED)
                .setChannel(Channel.EMAIL)
                .setLane(Priority.CRITICAL)
                .setCategory("otp")
                .setProvider("smtp-primary")
                .setAttempt(1)
                .setErrorClass(ErrorClass.TRANSIENT)
                .setProviderCode("451 4.3.2")
                .setDetail("temporary server error")
                .setLatencyMs(42L)
                .setDecision(DecisionContext.newBuilder().setRule("first-healthy-channel")
                        .setHealthStates(Map.of("smtp-primary", "HEALTHY")).build())
                .build();
    }

    /** A request parked because every email provider is down. */
    public static ParkedNotification parked(NotificationRequest request, Instant at) {
        return ParkedNotification.newBuilder()
                .setNotificationId(request.getNotificationId())
                .setTenantId(request.getTenantId())
                .setParkedAt(at)
                .setChannel(Channel.EMAIL)
                .setLane(request.getPriority())
                .setReason("no-healthy-provider")
                .setProvider("smtp-primary")
                .setProviderCode("451 4.3.2")
                .setAttempts(3)
                .setExpiresAt(at.plus(Duration.ofHours(72)))
                .setRequest(request)
                .build();
    }

    /** A provider that just went DOWN after consecutive deferrals. */
    public static ProviderHealth down(String providerId, Instant at) {
        return ProviderHealth.newBuilder()
                .setProviderId(providerId)
                .setChannel(Channel.EMAIL)
                .setState(HealthState.DOWN)
                .setPreviousState(HealthState.DEGRADED)
                .setSince(at)
                .setReason("consecutive-transient-failures")
                .setSource(HealthSource.OBSERVED)
                .setWindow(WindowStats.newBuilder().setWindowStart(at.minusSeconds(60)).setWindowEnd(at)
                        .setAttempts(20).setSuccesses(2).setTransientFailures(18).setConsecutiveTransientFailures(10)
                        .setFailureRatio(0.9).build())
                .build();
    }

    /** A successful SMTP probe of a provider that was DOWN. */
    public static ProviderProbe probeOk(String providerId, Instant at) {
        return ProviderProbe.newBuilder()
                .setProviderId(providerId)
                .setChannel(Channel.EMAIL)
                .setAt(at)
                .setOk(true)
                .setDetail("rcpt-accepted")
                .setLatencyMs(12L)
                .setInstanceId("worker-1")
                .build();
    }

    /** A recipient who opted out of email newsletters and has quiet hours at night. */
    public static RecipientPreference preference(String tenant, String recipientId, Instant at) {
        return RecipientPreference.newBuilder()
                .setTenantId(tenant)
                .setRecipientId(recipientId)
                .setOptOuts(List.of(OptOut.newBuilder().setChannel(Channel.EMAIL).setCategory("newsletter").build()))
                .setQuietHours(QuietHours.newBuilder().setStartMinute(22 * 60).setEndMinute(7 * 60)
                        .setTimezone("Europe/Paris").build())
                .setTimezone("Europe/Paris")
                .setConsents(List.of(ConsentRecord.newBuilder().setChannel(Channel.EMAIL).setCategory("newsletter")
                        .setGranted(false).setAt(at).setSource("api").setActor("key:acme-1").build()))
                .setUpdatedAt(at)
                .build();
    }

    /** A tenant opting a recipient out of newsletters by email, as ingest appends it. */
    public static io.herald.contracts.PreferenceEvent preferenceSet(String tenant, String recipientId, Instant at) {
        return io.herald.contracts.PreferenceEvent.newBuilder()
                .setEventId("pe-1")
                .setTenantId(tenant)
                .setRecipientId(recipientId)
                .setAt(at)
                .setType(io.herald.contracts.PreferenceEventType.SET)
                .setOptOuts(List.of(OptOut.newBuilder().setChannel(Channel.EMAIL).setCategory("newsletter").build()))
                .setTimezone("Europe/Paris")
                .setSource("web-form")
                .setActor("key:acme-1")
                .setEvidence("form-7")
                .setInstanceId("ingest-a")
                .build();
    }

    /** An operator pausing the bulk email lane. */
    public static ControlCommand pauseBulkEmail(Instant at) {
        return ControlCommand.newBuilder()
                .setCommandId("cmd-1")
                .setType(ControlType.PAUSE_LANE)
                .setTarget("lane:email:bulk")
                .setChannel(Channel.EMAIL)
                .setLane(Priority.BULK)
                .setIssuedBy("oncall@ops")
                .setReason("provider incident")
                .setAt(at)
                .build();
    }
}
