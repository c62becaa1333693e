package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Stage;
import io.herald.router.health.Signal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalsTest {
    @ParameterizedTest(name = "{0} {1} {2} with provider {3} → {4}")
    @CsvSource(nullValues = "none", value = {
            "WORKER, SENT,              none,      smtp-primary, SUCCESS",
            "WORKER, DELIVERED,         none,      smtp-primary, SUCCESS",
            "WORKER, DEFERRED,          TRANSIENT, smtp-primary, TRANSIENT",
            "WORKER, DEFERRED,          THROTTLED, twilio,       THROTTLED",
            "WORKER, UNCERTAIN,         UNCERTAIN, webhook,      TRANSIENT",
            "WORKER, FAILED,            PERMANENT, twilio,       PERMANENT",
            "WORKER, FAILED,            INVALID,   twilio,       PERMANENT",
            "WORKER, CHANNEL_EXHAUSTED, TRANSIENT, smtp-primary, none",
            "WORKER, SENT,              none,      none,         none",
            "ROUTER, ROUTED,            none,      smtp-primary, none",
            // Quiet hours: the router deferring a notification says nothing about any provider.
            "ROUTER, DEFERRED,          none,      none,         none",
            "ROUTER, DEFERRED,          none,      smtp-primary, none",
            "REPLAY, SENT,              none,      smtp-primary, none"})
    void readsWhatAWorkerAttemptSaysAboutItsProvider(Stage stage, OutcomeStatus status, ErrorClass error, String provider,
                                                     Signal expected) {
        DeliveryOutcome outcome = DeliveryOutcome.newBuilder().setEventId("e").setNotificationId("n").setTenantId("t")
                .setAt(Instant.EPOCH).setStage(stage).setStatus(status).setErrorClass(error).setProvider(provider)
                .setChannel(Channel.EMAIL).build();
        assertThat(Signals.of(outcome).orElse(null)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void readsAProbeAsAProbeSignalNeverAsADeliveryAttempt() {
        io.herald.contracts.ProviderProbe ok = io.herald.schemas.Samples.probeOk("smtp-primary", Instant.EPOCH);
        assertThat(Signals.of(ok)).isEqualTo(Signal.PROBE_OK);
        ok.setOk(false);
        assertThat(Signals.of(ok)).isEqualTo(Signal.PROBE_FAILED);
        assertThat(Signal.PROBE_FAILED.isProbe()).isTrue();
        assertThat(Signal.TRANSIENT.isProbe()).isFalse();
    }
}
