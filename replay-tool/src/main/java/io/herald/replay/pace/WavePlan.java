package io.herald.replay.pace;

import java.time.Duration;
import java.time.Instant;

/**
 * Which wave a replay is in and when the next one may start: wave {@code i} ends when {@code min(total, (i+1) × size)}
 * messages are copied and may start at {@code start + i × interval}. Cumulative targets make a resumed replay
 * finish its interrupted wave instead of sending a whole new one.
 *
 * @param total selected backlog size
 * @param size  messages per wave
 */
public record WavePlan(long total, long size, Duration interval, Instant start) {
    public WavePlan {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0");
        if (size < 1) throw new IllegalArgumentException("wave size must be >= 1");
    }

    /** The plan for {@code waves} over a backlog of {@code total}. */
    public static WavePlan of(Pace.Waves waves, long total, Instant start) {
        return new WavePlan(total, waves.waveSize(total), waves.interval(), start);
    }

    /** How many waves the whole backlog takes. */
    public long waveCount() {
        return total == 0 ? 0 : (total + size - 1) / size;
    }

    /** The wave the next message belongs to, given how many were copied already. */
    public long waveOf(long copied) {
        return copied / size;
    }

    /** How many messages must be copied when wave {@code wave} is done. */
    public long targetOf(long wave) {
        return Math.min(total, (wave + 1) * size);
    }

    /** Earliest start of wave {@code wave}. */
    public Instant startOf(long wave) {
        return start.plus(interval.multipliedBy(wave));
    }
}
