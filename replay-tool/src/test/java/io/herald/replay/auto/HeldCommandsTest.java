package io.herald.replay.auto;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeldCommandsTest {
    private static final Instant T0 = Instant.parse("2026-01-22T19:33:00Z");
    private final HeldCommands held = new HeldCommands();

    private static ControlCommand command(String id, ControlType type, String target) {
        return ControlCommand.newBuilder().setCommandId(id).setType(type).setTarget(target).setChannel(Channel.EMAIL)
                .setLane(Priority.BULK).setIssuedBy("oncall").setReason("test").setAt(T0).build();
    }

    @Test
    void aResumeReadWhileNotLeadingIsHandedToTheNextLeaderOnce() {
        held.hold(command("c-1", ControlType.RESUME_LANE, "lane:email:bulk"), T0);

        assertThat(held.takeResumes(T0.plusSeconds(30))).extracting(ControlCommand::getCommandId).containsExactly("c-1");
        assertThat(held.takeResumes(T0.plusSeconds(31))).isEmpty();
    }

    @Test
    void aLaterPauseOfTheSameTargetSupersedesItsResume() {
        held.hold(command("c-1", ControlType.RESUME_LANE, "lane:email:bulk"), T0);
        held.hold(command("c-2", ControlType.PAUSE_LANE, "lane:email:bulk"), T0.plusSeconds(1));

        assertThat(held.takeResumes(T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void aResumeOlderThanAnyHandoverIsNotActedOn() {
        held.hold(command("c-1", ControlType.RESUME_LANE, "lane:email:bulk"), T0);
        held.hold(command("c-2", ControlType.RESUME_TENANT, "tenant:acme"), T0.plus(HeldCommands.KEEP));

        assertThat(held.takeResumes(T0.plus(HeldCommands.KEEP).plus(Duration.ofSeconds(1))))
                .extracting(ControlCommand::getCommandId).containsExactly("c-2");
    }

    @Test
    void paceCommandsAreNotHeldForALeaderToCome() {
        held.hold(command("c-1", ControlType.SET_REPLAY_PACE, "replay:r-1"), T0);

        assertThat(held.takeResumes(T0)).isEmpty();
    }
}
