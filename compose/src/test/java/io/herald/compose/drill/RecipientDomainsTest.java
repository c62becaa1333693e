package io.herald.compose.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Priority;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientDomainsTest {
    private static final RecipientDomains THIRTY = new RecipientDomains(30, List.of("contoso.example", "fabrikam.example"));

    @ParameterizedTest(name = "recipient {0} of a lane -> {1}")
    @CsvSource({
            "1, bulk.drill.example",
            "2, bulk.drill.example",
            "3, bulk.drill.example",
            "4, contoso.example",
            "5, bulk.drill.example",
            "6, bulk.drill.example",
            "7, fabrikam.example",
            "8, bulk.drill.example",
            "9, bulk.drill.example",
            "10, contoso.example"})
    void spreadsTheAffectedShareEvenlyAndTakesTheAffectedDomainsInTurn(long n, String expected) {
        assertThat(THIRTY.domainOf(Priority.BULK, n)).isEqualTo(expected);
    }

    @Test
    void everyRunOfALaneCarriesItsShareWithinOneRecipient() {
        for (long start = 1; start < 200; start += 13) {
            long affected = LongStream.range(start, start + 50).filter(n -> THIRTY.affected(THIRTY.domainOf(Priority.CRITICAL, n))).count();
            assertThat(affected).as("from " + start).isBetween(14L, 16L);
        }
    }

    @Test
    void withoutAShareEveryRecipientIsOnItsLanesDomain() {
        assertThat(RecipientDomains.LANES.domainOf(Priority.CRITICAL, 7)).isEqualTo("critical.drill.example");
        assertThat(RecipientDomains.LANES.affected("critical.drill.example")).isFalse();
    }

    @Test
    void refusesAShareOutsideAPercentageOrWithoutDomains() {
        assertThatThrownBy(() -> new RecipientDomains(101, List.of("a.example"))).hasMessageContaining("--share");
        assertThatThrownBy(() -> new RecipientDomains(30, List.of())).hasMessageContaining("--domains");
    }
}
