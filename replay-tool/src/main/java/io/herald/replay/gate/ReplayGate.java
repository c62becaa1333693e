package io.herald.replay.gate;

/** Asked before every wave (and periodically during rate-paced replays); a closed verdict halts the replay. */
@FunctionalInterface
public interface ReplayGate {
    /** Always open. */
    ReplayGate OPEN = () -> GateVerdict.OPEN;

    GateVerdict check();
}
