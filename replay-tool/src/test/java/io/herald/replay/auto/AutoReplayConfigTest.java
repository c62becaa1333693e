package io.herald.replay.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.replay.gate.AbortPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoReplayConfigTest {
    @Test
    void defaultsFollowThePlaybook() {
        AutoReplayConfig config = AutoReplayConfig.fromEnv(Map.of());
        assertThat(config.enabled()).isTrue();
        assertThat(config.channels()).containsExactlyInAnyOrder(Channel.values());
        assertThat(config.waves().percent()).isEqualByComparingTo(BigDecimal.TEN);
        assertThat(config.waves().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.reasons()).containsExactly("no-healthy-provider", "channel-exhausted");
        assertThat(config.gate().maxDeferralRatio()).isEqualTo(0.2);
        assertThat(config.abort()).isEqualTo(AbortPolicy.NEVER);
        assertThat(config.parkedTopics()).containsEntry(Channel.SMS, "notify.parked.sms.v1");
        assertThat(config.groupPrefix()).isEqualTo("herald-auto-replay");
        assertThat(config.sweep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.sweeps()).isTrue();
    }

    @Test
    void theSweepCanBeSetOrTurnedOff() {
        assertThat(AutoReplayConfig.fromEnv(Map.of("HERALD_AUTO_REPLAY_SWEEP", "30s")).sweep()).isEqualTo(Duration.ofSeconds(30));
        AutoReplayConfig off = AutoReplayConfig.fromEnv(Map.of("HERALD_AUTO_REPLAY_SWEEP", "off"));
        assertThat(off.sweeps()).isFalse();
        assertThat(off.describe()).contains("sweep=off");
        assertThatThrownBy(() -> AutoReplayConfig.fromEnv(Map.of("HERALD_AUTO_REPLAY_SWEEP", "sometimes")))
                .hasMessageContaining("auto-replay.sweep").hasMessageContaining("HERALD_AUTO_REPLAY_SWEEP")
                .hasMessageContaining("'sometimes'");
    }

    @Test
    void readsEveryKey() {
        AutoReplayConfig config = AutoReplayConfig.fromEnv(Map.of(
                "HERALD_AUTO_REPLAY_CHANNELS", "email, sms",
                "HERALD_AUTO_REPLAY_WAVES", "25%/30s",
                "HERALD_AUTO_REPLAY_MAX_RATE", "100/s",
                "HERALD_AUTO_REPLAY_MAX_DEFERRAL_RATIO", "0.1",
                "HERALD_AUTO_REPLAY_ABORT_FAILURE_RATIO", "0.3",
                "HERALD_AUTO_REPLAY_ON_STARTUP", "false",
                "HERALD_AUTO_REPLAY_PARKED_TOPIC_EMAIL", "it.parked.email"));
        assertThat(config.channels()).isEqualTo(Set.of(Channel.EMAIL, Channel.SMS));
        assertThat(config.waves().cap().perSecond()).isEqualTo(100);
        assertThat(config.gate().maxDeferralRatio()).isEqualTo(0.1);
        assertThat(config.abort().maxFailureRatio()).isEqualTo(0.3);
        assertThat(config.releaseOnStartup()).isFalse();
        assertThat(config.parkedTopics()).containsEntry(Channel.EMAIL, "it.parked.email");
    }

    @Test
    void failsNamingTheKeyWithABadValue() {
        assertThatThrownBy(() -> AutoReplayConfig.fromEnv(Map.of("HERALD_AUTO_REPLAY_WAVES", "often")))
                .hasMessageContaining("auto-replay.waves (from environment variable HERALD_AUTO_REPLAY_WAVES)")
                .hasMessageContaining("often");
        assertThatThrownBy(() -> AutoReplayConfig.fromEnv(Map.of("HERALD_AUTO_REPLAY_CHANNELS", "email,fax")))
                .hasMessageContaining("HERALD_AUTO_REPLAY_CHANNELS").hasMessageContaining("fax");
        assertThatThrownBy(() -> AutoReplayConfig.fromEnv(Map.of("HERALD_AUTO_REPLAY_MAX_DEFERRAL_RATIO", "2")))
                .hasMessageContaining("HERALD_AUTO_REPLAY_MAX_DEFERRAL_RATIO");
    }
}
