package io.herald.replay.gate;

/** A gate's answer before a wave: open, or closed with a reason an operator can read. */
public record GateVerdict(boolean open, String reason) {
    public static final GateVerdict OPEN = new GateVerdict(true, "open");

    public static GateVerdict closed(String reason) {
        return new GateVerdict(false, reason);
    }
}
