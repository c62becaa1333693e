package io.herald.compose.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperatorCommandsTest {
    private static final Instant AT = Instant.parse("2026-11-30T09:00:00Z");
    private final OperatorCommands commands = new OperatorCommands("alice", "INC-42", AT);

    @Test
    void aLanePauseTargetsTheLaneAsTheRouterNamesIt() {
        ControlCommand pause = commands.pauseLane(Channel.EMAIL, Priority.BULK);

        assertThat(pause.getType()).isEqualTo(ControlType.PAUSE_LANE);
        assertThat(pause.getTarget()).isEqualTo("lane:email:bulk");
        assertThat(pause.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(pause.getLane()).isEqualTo(Priority.BULK);
    }

    @Test
    void aLaneResumeHasThePausesTargetSoItReplacesThePauseOnTheCompactedTopic() {
        assertThat(commands.resumeLane(Channel.SMS, Priority.TRANSACTIONAL).getTarget())
                .isEqualTo(commands.pauseLane(Channel.SMS, Priority.TRANSACTIONAL).getTarget())
                .isEqualTo("lane:sms:transactional");
    }

    @Test
    void tenantCommandsCarryTheTenant() {
        ControlCommand pause = commands.pauseTenant("acme");
        ControlCommand resume = commands.resumeTenant("acme");

        assertThat(pause.getTarget()).isEqualTo("tenant:acme").isEqualTo(resume.getTarget());
        assertThat(pause.getTenantId()).isEqualTo("acme");
        assertThat(resume.getType()).isEqualTo(ControlType.RESUME_TENANT);
    }

    @Test
    void aForcedStateAndItsClearShareTheProviderTarget() {
        ControlCommand force = commands.forceProvider("smtp-primary", HealthState.DOWN);
        ControlCommand clear = commands.clearProvider("smtp-primary");

        assertThat(force.getTarget()).isEqualTo("provider:smtp-primary").isEqualTo(clear.getTarget());
        assertThat(force.getForcedState()).isEqualTo(HealthState.DOWN);
        assertThat(force.getProviderId()).isEqualTo("smtp-primary");
        assertThat(clear.getType()).isEqualTo(ControlType.CLEAR_PROVIDER_STATE);
        assertThat(clear.getForcedState()).isNull();
    }

    @Test
    void halfOpenCannotBeForcedBecauseItIsTheRoutersRecoveryPhase() {
        assertThatThrownBy(() -> commands.forceProvider("smtp-primary", HealthState.HALF_OPEN))
                .hasMessageContaining("HEALTHY, DEGRADED, DOWN");
    }

    @Test
    void aPaceCommandTargetsTheReplayNamespace() {
        ControlCommand pace = commands.replayPace("all", "50/s");

        assertThat(pace.getType()).isEqualTo(ControlType.SET_REPLAY_PACE);
        assertThat(pace.getTarget()).isEqualTo("replay:all");
        assertThat(pace.getReplayPace()).isEqualTo("50/s");
    }

    @Test
    void everyCommandIsSignedWithWhoWhyAndWhenAndHasItsOwnId() {
        ControlCommand one = commands.pauseTenant("acme");
        ControlCommand two = commands.pauseTenant("acme");

        assertThat(one.getIssuedBy()).isEqualTo("alice");
        assertThat(one.getReason()).isEqualTo("INC-42");
        assertThat(one.getAt()).isEqualTo(AT);
        assertThat(one.getCommandId()).isNotEqualTo(two.getCommandId());
    }

    @Test
    void anEmptyTenantIsRefusedNamingIt() {
        assertThatThrownBy(() -> commands.pauseTenant(" ")).hasMessage("tenant id must not be empty");
    }
}
