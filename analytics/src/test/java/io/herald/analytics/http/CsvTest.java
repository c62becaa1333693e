package io.herald.analytics.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.analytics.report.Table;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void writesAHeaderAndQuotesOnlyFieldsThatNeedIt() {
        Table t = new Table(List.of("provider", "code", "n"),
                List.of(Arrays.asList("smtp-primary", "451 4.3.2", 4L), Arrays.asList("a,b", "say \"hi\"", null)), false);
        assertThat(Csv.of(t)).isEqualTo("provider,code,n\r\nsmtp-primary,451 4.3.2,4\r\n\"a,b\",\"say \"\"hi\"\"\",\r\n");
    }
}
