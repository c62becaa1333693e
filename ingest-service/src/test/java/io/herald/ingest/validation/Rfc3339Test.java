package io.herald.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T10:00:00Z", "2024-02-29T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2026-11-23T10:00:00.123Z", "2026-11-23T11:00:00+01:00", "2026-11-23T10:00Z", "2026-11-23T10:00:00-00:30",
            "2026-11-23t10:00:00Z", "2026-11-23T10:00:00z"})
    void readsEveryValidInstantAsTheJdkFormatterDoes(String text) {
        assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01T10:00:00Z", "2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z", "2026-11-23T24:00:00Z",
            "2026-11-23T10:60:00Z", "2026-11-23T10:00:60Z", "2026-11-00T10:00:00Z", "2026-1a-23T10:00:00Z",
            "２０２６-11-23T10:00:00Z", "2026-11-23 10:00:00Z",
            "+2026-11-23T10:00:00Z", "2026-11-23T10:00:00", ""})
    void refusesEveryInstantTheJdkFormatterRefuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
