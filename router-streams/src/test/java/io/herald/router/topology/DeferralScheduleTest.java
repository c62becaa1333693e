package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeferralScheduleTest {
    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "1795500000000, n-acme-k1,   0000001795500000000/n-acme-k1",
            "0,             n-1,         0000000000000000000/n-1",
            "-5,            n-1,         0000000000000000000/n-1",
            "9223372036854775807, n-1,   9223372036854775807/n-1",
            "1795500000000, acme/key/7,  0000001795500000000/acme/key/7"})
    void encodesTheDueTimeZeroPaddedBeforeTheId(long dueMs, String id, String key) {
        assertThat(DeferralSchedule.key(dueMs, id)).isEqualTo(key);
        assertThat(DeferralSchedule.dueMs(key)).isEqualTo(Math.max(0, dueMs));
        assertThat(DeferralSchedule.notificationId(key)).isEqualTo(id);
    }

    @Test
    void sortsKeysInTimeOrderWhateverTheIds() {
        List<String> keys = new ArrayList<>(List.of(
                DeferralSchedule.key(1_000_000_000_000L, "a"),
                DeferralSchedule.key(999_999_999_999L, "z"),
                DeferralSchedule.key(10_000_000_000_000L, "0"),
                DeferralSchedule.key(1_000_000_000_000L, "0")));
        keys.sort(null);
        assertThat(keys).extracting(DeferralSchedule::dueMs)
                .containsExactly(999_999_999_999L, 1_000_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L);
    }

    @ParameterizedTest(name = "due {0} at {1}, at most {2} → {3}")
    @CsvSource(delimiter = ';', value = {
            // scheduled due times ; now ; max ; selected due times
            "''          ; 100 ; 10 ; ''",
            "100         ; 100 ; 10 ; 100",
            "101         ; 100 ; 10 ; ''",
            "50,100,101  ; 100 ; 10 ; 50,100",
            "10,20,30,40 ; 100 ; 3  ; 10,20,30",
            "10,200,30   ; 100 ; 10 ; 10"})
    void selectsTheLeadingDueKeysUpToTheBound(String scheduled, long now, int max, String selected) {
        List<String> keys = dueTimes(scheduled).stream().map(t -> DeferralSchedule.key(t, "n-" + t)).toList();
        List<String> due = DeferralSchedule.select(keys.iterator(), now, max);
        assertThat(due).extracting(DeferralSchedule::dueMs).containsExactlyElementsOf(dueTimes(selected));
    }

    private static List<Long> dueTimes(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).map(Long::valueOf).toList();
    }
}
