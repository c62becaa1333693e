package io.herald.compose.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Priority;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixTest {

    @ParameterizedTest(name = "{0}: {1}/{2}/{3} in every 10")
    @CsvSource(delimiter = ';', value = {
            "critical=10,transactional=30,bulk=60; 1; 3; 6",
            "critical=1,bulk=1; 5; 0; 5",
            "bulk=100; 0; 0; 10",
            "CRITICAL=2 , transactional=8; 2; 8; 0"})
    void everyWindowOfTheLoadCarriesTheMix(String text, int critical, int transactional, int bulk) {
        Iterator<Priority> lanes = Mix.parse(text).sequence();
        for (int window = 0; window < 5; window++) {
            Map<Priority, Integer> counts = new EnumMap<>(Priority.class);
            for (int i = 0; i < 10; i++) counts.merge(lanes.next(), 1, Integer::sum);
            assertThat(counts.getOrDefault(Priority.CRITICAL, 0)).isEqualTo(critical);
            assertThat(counts.getOrDefault(Priority.TRANSACTIONAL, 0)).isEqualTo(transactional);
            assertThat(counts.getOrDefault(Priority.BULK, 0)).isEqualTo(bulk);
        }
    }

    @Test
    void aBadMixIsRefusedNamingThePart() {
        assertThatThrownBy(() -> Mix.parse("urgent=10")).hasMessageContaining("'urgent' is not a lane");
        assertThatThrownBy(() -> Mix.parse("critical=ten")).hasMessageContaining("weight of critical");
        assertThatThrownBy(() -> Mix.parse("critical=0")).hasMessageContaining("at least one positive weight");
    }

    @Test
    void printsAsItIsWritten() {
        assertThat(Mix.parse("bulk=60,critical=10,transactional=30")).hasToString("critical=10,transactional=30,bulk=60");
    }
}
