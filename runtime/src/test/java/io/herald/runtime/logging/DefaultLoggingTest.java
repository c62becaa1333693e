package io.herald.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultLoggingTest {

    private static String choose(Map<String, String> properties, Set<String> resources) {
        return DefaultLogging.choose(properties::get, name -> resources.contains(name) ? name : null);
    }

    @Test
    void selectsTheServiceDefaultWhenNothingConfiguresLogging() {
        assertThat(choose(Map.of(), Set.of())).isEqualTo("herald-service-logback.xml");
    }

    @Test
    void leavesAnExplicitConfigurationFileAlone() {
        assertThat(choose(Map.of("logback.configurationFile", "/etc/herald/logback.xml"), Set.of())).isNull();
    }

    @Test
    void leavesALogbackXmlOnTheClasspathAlone() {
        assertThat(choose(Map.of(), Set.of("logback.xml"))).isNull();
    }

    @Test
    void leavesATestConfigurationAlone() {
        assertThat(choose(Map.of(), Set.of("logback-test.xml"))).isNull();
    }

    @Test
    void theDefaultResourceShipsInTheJar() {
        assertThat(DefaultLogging.class.getClassLoader().getResource(DefaultLogging.RESOURCE)).isNotNull();
    }
}
