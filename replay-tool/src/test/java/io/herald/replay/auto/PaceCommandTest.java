package io.herald.replay.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.replay.pace.Pace;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaceCommandTest {

    private static ControlCommand command(ControlType type, String target, String pace, Double rate) {
        return ControlCommand.newBuilder().setCommandId("c-1").setType(type).setTarget(target).setReplayPace(pace)
                .setReplayRatePerSecond(rate).setIssuedBy("oncall").setReason("test").setAt(Instant.EPOCH).build();
    }

    @Test
    void otherCommandsCarryNoPace() {
        assertThat(PaceCommand.of(command(ControlType.RESUME_LANE, "lane:email:bulk", null, null))).isEmpty();
    }

    @Test
    void readsThePaceExpressionFirst() {
        Optional<PaceCommand> pace = PaceCommand.of(command(ControlType.SET_REPLAY_PACE, "replay:all", "10%/1m", 5.0));

        assertThat(pace).get().extracting(PaceCommand::pace).isInstanceOf(Pace.Waves.class)
                .hasToString("10%/1m");
    }

    @Test
    void fallsBackToTheRatePerSecond() {
        assertThat(PaceCommand.of(command(ControlType.SET_REPLAY_PACE, "replay:email", null, 25.0)))
                .get().extracting(PaceCommand::pace).isEqualTo(new Pace.Rate(25.0));
    }

    @Test
    void aPaceCommandWithoutAPaceNamesBothFields() {
        assertThatThrownBy(() -> PaceCommand.of(command(ControlType.SET_REPLAY_PACE, "replay:all", null, null)))
                .hasMessageContaining("replayPace").hasMessageContaining("replayRatePerSecond");
    }

    @Test
    void aTargetOutsideTheReplayNamespaceIsRefused() {
        assertThatThrownBy(() -> PaceCommand.of(command(ControlType.SET_REPLAY_PACE, "lane:email:bulk", "5/s", null)))
                .hasMessageContaining("replay:<replay id|channel|all>");
    }

    @ParameterizedTest(name = "{0} applies to {1} on {2}: {3}")
    @CsvSource({
            "all,                  auto-email-1, EMAIL, true",
            "auto-email-1,         auto-email-1, EMAIL, true",
            "auto-email-1,         auto-email-2, EMAIL, false",
            "email,                auto-email-1, EMAIL, true",
            "email,                auto-sms-1,   SMS,   false",
            "sms,                  resume-sms-9, SMS,   true",
    })
    void selectsTheRunningReleasesByIdChannelOrAll(String scope, String replayId, Channel channel, boolean applies) {
        assertThat(new PaceCommand(scope, new Pace.Rate(1)).appliesTo(replayId, channel)).isEqualTo(applies);
    }
}
