package io.herald.replay.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one replay run, written to the runs topic in the same transaction as the copies it counts,
 * so after a crash the record and the copied messages agree. Also the progress event listeners receive.
 *
 * @param selected   how many records the filter selects below {@code endOffsets} (the whole run's backlog)
 * @param copied     selected records copied so far (committed)
 * @param scanned    records read so far, selected or not
 * @param unreadable records that could not be decoded (left in place, counted)
 * @param wave       current wave (0-based; 0 for rate-paced runs)
 * @param endOffsets partition → end offset captured when the run started; the run stops there
 * @param detail     why the run halted or aborted, or null
 * @param successes  decisive successful outcomes of replayed messages seen so far
 * @param failures   decisive failed outcomes of replayed messages seen so far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String replayId, RunState state, String sourceTopic, String targetTopic, SourceKind kind,
                        String filter, String pace, String by, String reason, Instant startedAt, Instant updatedAt,
                        long selected, long copied, long scanned, long unreadable, long wave, long waves,
                        Map<Integer, Long> endOffsets, String detail, long successes, long failures) {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunRecord {
        endOffsets = endOffsets == null ? Map.of() : Map.copyOf(new TreeMap<>(endOffsets));
    }

    /** A copy with new progress counters. */
    public RunRecord progress(RunState newState, Instant at, long newCopied, long newScanned, long newUnreadable,
                              long newWave, String newDetail, long newSuccesses, long newFailures) {
        return new RunRecord(replayId, newState, sourceTopic, targetTopic, kind, filter, pace, by, reason, startedAt, at,
                selected, newCopied, newScanned, newUnreadable, newWave, waves, endOffsets, newDetail, newSuccesses, newFailures);
    }

    /** A copy whose pace (and wave count) an operator changed while it ran. */
    public RunRecord withPace(String newPace, long newWaves) {
        return new RunRecord(replayId, state, sourceTopic, targetTopic, kind, filter, newPace, by, reason, startedAt, updatedAt,
                selected, copied, scanned, unreadable, wave, newWaves, endOffsets, detail, successes, failures);
    }

    /** Share of the selected backlog copied, 0..1 (1 for an empty selection). */
    public double fraction() {
        return selected == 0 ? 1.0 : (double) copied / selected;
    }

    /** JSON bytes for the runs topic. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@link #toJson()} output. */
    public static RunRecord fromJson(byte[] json) {
        try {
            return JSON.readValue(json, RunRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable replay run record: " + e.getMessage(), e);
        }
    }
}
