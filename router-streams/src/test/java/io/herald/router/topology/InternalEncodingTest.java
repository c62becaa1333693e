package io.herald.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InternalEncodingTest {
    @ParameterizedTest
    @CsvSource({"binary, false", "BINARY, false", "json, true", "Json, true"})
    void theSettingChoosesWhatTheRouterWrites(String setting, boolean json) {
        assertThat(InternalEncoding.writesJson(Map.of(InternalEncoding.CONFIG, setting))).isEqualTo(json);
    }

    @Test
    void withoutTheSettingTheRouterWritesBinary() {
        assertThat(InternalEncoding.writesJson(Map.of())).isFalse();
    }

    @Test
    void anUnknownEncodingIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> InternalEncoding.writesJson(Map.of(InternalEncoding.CONFIG, "smile")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(InternalEncoding.CONFIG).hasMessageContaining("smile");
    }
}
