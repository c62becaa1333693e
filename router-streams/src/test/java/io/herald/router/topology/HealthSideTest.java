package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.otp;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlType;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthSideTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void attempt(String provider, OutcomeStatus status, ErrorClass error) {
        String id = "n-" + System.nanoTime();
        h.workerOutcomes.pipeInput(id, worker(id, status, Channel.EMAIL, provider, error, "x", h.now()));
    }

    @Test
    void fiveDeferralsInARowTakeAProviderDownAtOnceAndRoutingAvoidsIt() {
        // 451 4.3.2 Temporary server error, classified as outage evidence: transient, nothing delivered.
        for (int i = 0; i < 5; i++) attempt("smtp-primary", OutcomeStatus.DEFERRED, ErrorClass.TRANSIENT);

        List<ProviderHealth> transitions = h.health.readValuesToList();
        assertThat(transitions).extracting(ProviderHealth::getState).containsExactly(HealthState.DEGRADED, HealthState.DOWN);
        ProviderHealth down = transitions.get(1);
        assertThat(down.getReason()).isEqualTo("consecutive-failures");
        assertThat(down.getPreviousState()).isEqualTo(HealthState.DEGRADED);
        assertThat(down.getWindow().getConsecutiveTransientFailures()).isEqualTo(5);

        h.send(otp("k1", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getProviders()).containsExactly("smtp-secondary"));
    }

    @Test
    void throttlingWhileOneInThreeGetsThroughDegradesButNeverTakesAProviderDown() {
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i < 40; i++) {
                attempt("smtp-primary", OutcomeStatus.DEFERRED, ErrorClass.THROTTLED);
                attempt("smtp-primary", OutcomeStatus.DEFERRED, ErrorClass.THROTTLED);
                attempt("smtp-primary", OutcomeStatus.SENT, null);
            }
            h.advance(Duration.ofMinutes(1));
        }
        assertThat(h.health.readValuesToList()).extracting(p -> p.getState() + ":" + p.getReason())
                .containsExactly("DEGRADED:throttling");
    }

    @Test
    void nothingAcceptedWhileThrottledIsAnOutage() {
        for (int i = 0; i < 10; i++) attempt("twilio", OutcomeStatus.DEFERRED, ErrorClass.THROTTLED);
        assertThat(h.health.readValuesToList()).extracting(p -> p.getState() + ":" + p.getReason())
                .containsExactly("DOWN:throttled-without-delivery");
    }

    @Test
    void aDownProviderRecoversOnlyThroughHalfOpen() {
        for (int i = 0; i < 5; i++) attempt("smtp-primary", OutcomeStatus.DEFERRED, ErrorClass.TRANSIENT);
        h.advance(Duration.ofSeconds(31)); // half-open window, fired by the tick
        for (int i = 0; i < 5; i++) attempt("smtp-primary", OutcomeStatus.SENT, null);
        h.advance(Duration.ofSeconds(11));
        assertThat(h.health.readValuesToList()).extracting(p -> p.getState() + ":" + p.getReason()).containsExactly(
                "DEGRADED:consecutive-transient-failures", "DOWN:consecutive-failures", "HALF_OPEN:half-open-probe-window",
                "HEALTHY:half-open-probe-succeeded");
    }

    @Test
    void aProviderFlappingAroundTheThresholdTransitionsAtMostOncePerDwellPeriod() {
        Random random = new Random(7);
        int run = 0; // at most two failures in a row: five with nothing delivered would be an outage, not flapping
        for (int second = 0; second < 300; second++) {
            double failureRate = (second / 15) % 2 == 0 ? 0.1 : 0.3;
            for (int i = 0; i < 4; i++) {
                boolean fails = run < 2 && random.nextDouble() < failureRate;
                run = fails ? run + 1 : 0;
                attempt("smtp-primary", fails ? OutcomeStatus.DEFERRED : OutcomeStatus.SENT, fails ? ErrorClass.TRANSIENT : null);
            }
            h.advance(Duration.ofSeconds(1));
        }
        List<ProviderHealth> transitions = h.health.readValuesToList();
        for (int i = 1; i < transitions.size(); i++) {
            long gap = transitions.get(i).getSince().toEpochMilli() - transitions.get(i - 1).getSince().toEpochMilli();
            assertThat(gap).isGreaterThanOrEqualTo(h.config.health().minDwell().toMillis());
        }
        assertThat(transitions).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void anOperatorOverrideWinsAndIsPublishedAsAnOperatorTransition() {
        var force = Fixtures.control(ControlType.FORCE_PROVIDER_STATE, "provider:twilio", h.now());
        force.setProviderId("twilio");
        force.setForcedState(HealthState.DOWN);
        h.control.pipeInput("provider:twilio", force);
        h.advance(Duration.ofSeconds(1));

        ProviderHealth forced = h.health.readValue();
        assertThat(forced.getState()).isEqualTo(HealthState.DOWN);
        assertThat(forced.getSource()).isEqualTo(HealthSource.OPERATOR);
        assertThat(forced.getOperatorOverride()).isTrue();
        // Successes do not lift a forced DOWN.
        for (int i = 0; i < 30; i++) {
            String id = "n-" + i;
            h.workerOutcomes.pipeInput(id, worker(id, OutcomeStatus.SENT, Channel.SMS, "twilio", null, "201", h.now()));
        }
        h.advance(Duration.ofMinutes(2));
        assertThat(h.health.isEmpty()).isTrue();

        var clear = Fixtures.control(ControlType.CLEAR_PROVIDER_STATE, "provider:twilio", h.now());
        clear.setProviderId("twilio");
        h.control.pipeInput("provider:twilio", clear);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.health.readValue()).satisfies(p -> {
            assertThat(p.getState()).isEqualTo(HealthState.HEALTHY);
            assertThat(p.getReason()).isEqualTo("operator-override-cleared");
            assertThat(p.getOperatorOverride()).isFalse();
        });
    }

    @Test
    void permanentFailuresDoNotHurtTheProvider() {
        for (int i = 0; i < 50; i++) attempt("smtp-primary", OutcomeStatus.FAILED, ErrorClass.PERMANENT);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.health.isEmpty()).isTrue();
    }
}
