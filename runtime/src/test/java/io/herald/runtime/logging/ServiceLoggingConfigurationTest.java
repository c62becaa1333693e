package io.herald.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The configuration shipped as the distribution's conf/logback.xml and as every service's default. */
class ServiceLoggingConfigurationTest {

    private static LoggerContext load(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        if (format != null) context.putProperty("herald.log.format", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(DefaultLogging.class.getClassLoader().getResource(DefaultLogging.RESOURCE));
        return context;
    }

    private static List<Appender<ILoggingEvent>> rootAppenders(LoggerContext context) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        it.forEachRemaining(appenders::add);
        return appenders;
    }

    @Test
    void logsHeraldAtInfoAndTheKafkaClientsStreamsRegistryAndJettyAtWarn() throws Exception {
        LoggerContext context = load(null);

        assertThat(context.getLogger("io.herald.router.RouterApp").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.streams.KafkaStreams").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.apicurio.registry").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("some.library").isDebugEnabled()).isFalse();
    }

    @Test
    void writesPlainTextLinesByDefault() throws Exception {
        List<Appender<ILoggingEvent>> appenders = rootAppenders(load(null));

        assertThat(appenders).singleElement().satisfies(appender ->
                assertThat(((OutputStreamAppender<ILoggingEvent>) appender).getEncoder()).isInstanceOf(LayoutWrappingEncoder.class));
    }

    @Test
    void writesJsonLinesWhenTheFormatIsJson() throws Exception {
        List<Appender<ILoggingEvent>> appenders = rootAppenders(load("json"));

        assertThat(appenders).singleElement().satisfies(appender ->
                assertThat(((OutputStreamAppender<ILoggingEvent>) appender).getEncoder()).isInstanceOf(JsonEncoder.class));
    }

    @Test
    void loadsWithoutWarningsOrErrors() throws Exception {
        LoggerContext context = load(null);

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() >= Status.WARN)
                .isEmpty();
    }
}
