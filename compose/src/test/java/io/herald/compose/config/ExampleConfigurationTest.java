package io.herald.compose.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.ingest.IngestConfig;
import io.herald.router.RouterConfig;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import io.herald.workers.WorkerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped example ({@code conf/herald.properties.example}) is a configuration every service accepts as it is. */
class ExampleConfigurationTest {
    private static final Path EXAMPLE = Path.of("..", "conf", "herald.properties.example");

    @Test
    void everyServiceStartsFromTheShippedExampleWithoutWarnings() {
        Config config = new ConfigLoader(ConfigurationReference.ALL).file(EXAMPLE).env(Map.of()).load();

        assertThat(config.warnings()).isEmpty();
        RouterConfig router = RouterConfig.from(config);
        WorkerConfig workers = WorkerConfig.from(config);
        IngestConfig ingest = IngestConfig.from(config);
        assertThat(router.routing().providersOf(Channel.EMAIL)).containsExactly("smtp-primary", "smtp-secondary");
        assertThat(workers.smtp()).extracting(s -> s.id()).containsExactly("smtp-primary", "smtp-secondary");
        assertThat(workers.twilio().id()).isEqualTo("twilio");
        assertThat(ingest.kafka()).containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092,broker-3:9092");
        assertThat(config.describe()).anySatisfy(line -> assertThat(line).startsWith("email.provider.smtp-primary.password = ****"));
    }

    @Test
    void theDockerComposeConfigurationIsReadByEveryServiceWithoutWarnings() {
        Config config = new ConfigLoader(ConfigurationReference.ALL).file(Path.of("herald.properties")).env(Map.of()).load();

        assertThat(config.warnings()).isEmpty();
        assertThat(RouterConfig.from(config).routing().providersOf(Channel.EMAIL)).containsExactly("smtp-primary", "smtp-secondary");
        assertThat(WorkerConfig.from(config).channels()).contains(Channel.EMAIL);
        assertThat(IngestConfig.from(config).port()).isEqualTo(8080);
    }
}
