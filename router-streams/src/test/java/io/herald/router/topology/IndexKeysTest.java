package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stores' index keys keep the format they were written in (fixed-width hex first, so key order is time order). */
class IndexKeysTest {
    @ParameterizedTest(name = "dedup expiry line at {0} ms")
    @CsvSource({"0", "1", "1764504000000", "9223372036854775807", "-5"})
    void dedupExpiryLinesAreSixteenHexDigitsOfTheTimeThenTheKey(long timeMs) {
        assertThat(Deduplicator.indexKey(timeMs, "acme/k-1")).isEqualTo(String.format("%016x|%s", Math.max(0, timeMs), "acme/k-1"));
    }

    @ParameterizedTest(name = "recipient key of {0} characters")
    @CsvSource({"''", "a", "acme/u-1", "a-recipient-key-that-is-longer-than-sixteen-characters"})
    void recipientPrefixesAreEightHexDigitsOfTheLengthThenTheKey(String recipientKey) {
        assertThat(RecipientIndex.prefix(recipientKey)).isEqualTo(String.format("%08x", recipientKey.length()) + recipientKey + "/");
    }
}
