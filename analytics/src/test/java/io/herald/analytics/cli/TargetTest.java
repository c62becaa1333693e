package io.herald.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the analytics API: --url, then $HERALD_ANALYTICS_URL, then the configured listen address. */
class TargetTest {
    @TempDir
    Path dir;

    private static Target target(Map<String, String> env, String url, Path config) {
        Target t = new Target();
        t.env = env;
        t.url = url;
        t.configFile = config;
        return t;
    }

    @Test
    void withNothingConfiguredTheDefaultPortOnLoopbackIsUsed() {
        assertThat(target(Map.of(), null, null).baseUrl()).isEqualTo("http://127.0.0.1:8084");
    }

    @Test
    void theConfiguredHostAndPortAreUsedAndAWildcardHostMeansLoopback() throws IOException {
        Path conf = dir.resolve("herald.properties");
        Files.writeString(conf, "analytics.http.port=9094\n");
        assertThat(target(Map.of(), null, conf).baseUrl()).isEqualTo("http://127.0.0.1:9094");
        assertThat(target(Map.of("HERALD_ANALYTICS_HTTP_HOST", "analytics.internal"), null, conf).baseUrl())
                .isEqualTo("http://analytics.internal:9094");
        assertThat(target(Map.of("HERALD_CONFIG", conf.toString()), null, null).baseUrl()).isEqualTo("http://127.0.0.1:9094");
    }

    @Test
    void anExplicitUrlWinsOverTheEnvironmentWhichWinsOverTheConfiguration() throws IOException {
        Path conf = dir.resolve("herald.properties");
        Files.writeString(conf, "analytics.http.port=9094\n");
        assertThat(target(Map.of("HERALD_ANALYTICS_URL", "http://a:1/"), null, conf).baseUrl()).isEqualTo("http://a:1");
        assertThat(target(Map.of("HERALD_ANALYTICS_URL", "http://a:1"), "http://b:2", conf).baseUrl()).isEqualTo("http://b:2");
    }
}
