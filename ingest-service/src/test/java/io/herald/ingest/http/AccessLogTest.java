package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTest {
    @ParameterizedTest
    @CsvSource({"0.9, 0.90", "0, 0.00", "12.345678, 12.35", "0.004, 0.00", "0.05, 0.05", "1234.5, 1234.50", "99.999, 100.00"})
    void writesMillisecondsWithTwoDecimals(float ms, String written) {
        StringBuilder line = new StringBuilder();
        IngestRoutes.appendMillis(line, ms);
        assertThat(line).hasToString(written);
    }
}
