package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.Priority;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CriticalCommitTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static DispatchCommand command(Priority lane) {
        DispatchCommand c = Samples.dispatch(Samples.otp("t", "k-1", NOW), Channel.EMAIL, "smtp-primary");
        c.setLane(lane);
        return c;
    }

    private static MockProcessorContext<String, DispatchCommand> context(String gap) {
        Properties p = new Properties();
        if (gap != null) p.put(CriticalCommit.GAP_CONFIG, gap);
        MockProcessorContext<String, DispatchCommand> context = new MockProcessorContext<>(p);
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        return context;
    }

    private static Record<String, DispatchCommand> record(Priority lane) {
        return new Record<>("n-1", command(lane), NOW.toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "first ask after a quiet spell goes at once,   1000, 0,    20, true",
            "an ask exactly one gap later goes,            1020, 1000, 20, true",
            "an ask inside the gap waits,                  1019, 1000, 20, false",
            "a gap of zero turns early commits off,        5000, 0,    0,  false",
            "a negative gap turns early commits off,       5000, 0,    -1, false"})
    void asks_are_spaced_by_the_gap(String name, long now, long last, long gap, boolean expected) {
        assertThat(CriticalCommit.askNow(now, last, gap)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a {0} dispatch asks for an early commit: {1}")
    @CsvSource({"CRITICAL, true", "TRANSACTIONAL, false", "BULK, false"})
    void only_the_critical_lane_asks_for_an_early_commit_and_every_command_is_forwarded(Priority lane, boolean commits) {
        MockProcessorContext<String, DispatchCommand> context = context(null);
        CriticalCommit processor = new CriticalCommit();
        processor.init(context);

        processor.process(record(lane));

        assertThat(context.committed()).isEqualTo(commits);
        assertThat(context.forwarded()).singleElement().satisfies(f -> assertThat(f.record().value().getLane()).isEqualTo(lane));
    }

    @Test
    void a_critical_dispatch_inside_the_gap_is_committed_by_a_one_shot_reminder_once_the_gap_has_passed() {
        MockProcessorContext<String, DispatchCommand> context = context("20");
        CriticalCommit processor = new CriticalCommit();
        processor.init(context);
        assertThat(context.scheduledPunctuators()).as("no critical traffic, nothing scheduled").isEmpty();
        processor.process(record(Priority.CRITICAL));
        assertThat(context.committed()).isTrue();
        assertThat(context.scheduledPunctuators()).as("asked at once: no reminder").isEmpty();
        context.resetCommit();

        context.setCurrentSystemTimeMs(NOW.toEpochMilli() + 5);
        processor.process(record(Priority.CRITICAL));
        assertThat(context.committed()).as("inside the gap: pending, not asked").isFalse();
        context.setCurrentSystemTimeMs(NOW.toEpochMilli() + 8);
        processor.process(record(Priority.CRITICAL));
        assertThat(context.scheduledPunctuators()).as("one reminder for all pending dispatches").hasSize(1);

        var reminder = context.scheduledPunctuators().get(0);
        assertThat(reminder.getInterval().toMillis()).as("the rest of the gap").isEqualTo(15);
        reminder.getPunctuator().punctuate(NOW.toEpochMilli() + 20);
        assertThat(context.committed()).as("gap passed: asked").isTrue();
        assertThat(reminder.cancelled()).as("the reminder fires once").isTrue();
        assertThat(context.scheduledPunctuators()).hasSize(1);
    }

    @Test
    void a_reminder_that_fires_early_waits_for_the_rest_of_the_gap() {
        MockProcessorContext<String, DispatchCommand> context = context("20");
        CriticalCommit processor = new CriticalCommit();
        processor.init(context);
        processor.process(record(Priority.CRITICAL));
        context.resetCommit();
        context.setCurrentSystemTimeMs(NOW.toEpochMilli() + 5);
        processor.process(record(Priority.CRITICAL));

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW.toEpochMilli() + 19);

        assertThat(context.committed()).as("still inside the gap").isFalse();
        assertThat(context.scheduledPunctuators()).hasSize(2);
        assertThat(context.scheduledPunctuators().get(1).getInterval().toMillis()).isEqualTo(1);
        context.scheduledPunctuators().get(1).getPunctuator().punctuate(NOW.toEpochMilli() + 20);
        assertThat(context.committed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a code processed at once is on time,                 1000, 1000, 100, false",
            "a code that waited exactly a gap is on time,         1100, 1000, 100, false",
            "a code that waited longer than a gap is behind,      1101, 1000, 100, true",
            "a producer clock ahead of this host counts as on time, 1000, 1500, 100, false"})
    void the_thread_is_behind_when_a_code_waited_longer_than_a_gap(String name, long now, long timestamp, long gap, boolean expected) {
        assertThat(CriticalCommit.behind(now, timestamp, gap)).isEqualTo(expected);
    }

    @Test
    void a_code_that_waited_longer_than_a_gap_leaves_its_commit_to_the_commit_interval() {
        MockProcessorContext<String, DispatchCommand> context = context("20");
        CriticalCommit processor = new CriticalCommit();
        processor.init(context);
        context.setCurrentSystemTimeMs(NOW.toEpochMilli() + 21);

        processor.process(record(Priority.CRITICAL));

        assertThat(context.committed()).as("behind: no early commit").isFalse();
        assertThat(context.scheduledPunctuators()).as("nor a reminder").isEmpty();
        assertThat(context.forwarded()).hasSize(1);

        context.setCurrentSystemTimeMs(NOW.toEpochMilli() + 30);
        processor.process(new Record<>("n-2", command(Priority.CRITICAL), NOW.toEpochMilli() + 25));
        assertThat(context.committed()).as("on time again: asked at once").isTrue();
    }

    @Test
    void early_commits_can_be_turned_off() {
        MockProcessorContext<String, DispatchCommand> context = context("0");
        CriticalCommit processor = new CriticalCommit();
        processor.init(context);
        processor.process(record(Priority.CRITICAL));
        assertThat(context.committed()).isFalse();
        assertThat(context.scheduledPunctuators()).isEmpty();
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void a_gap_that_is_not_a_number_names_the_setting() {
        assertThatThrownBy(() -> CriticalCommit.gap("fast", 100L)).hasMessageContaining(CriticalCommit.GAP_CONFIG).hasMessageContaining("fast");
        assertThat(CriticalCommit.gap(" 5 ", 100L)).isEqualTo(5);
    }

    @Test
    void unsetTheGapIsTheCommitInterval() {
        assertThat(CriticalCommit.gap(null, 250L)).isEqualTo(250);
        assertThat(CriticalCommit.gap(null, "40")).isEqualTo(40);
        assertThat(CriticalCommit.gap(null, null)).as("Streams' default interval under exactly-once").isEqualTo(100);
        assertThat(CriticalCommit.gap(null, 1L)).as("never zero, which would turn early commits off").isEqualTo(1);
    }
}
