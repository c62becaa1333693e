package io.herald.runtime.logging;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Gives a service started from its {@code Main} a sane logging configuration when nothing else configured
 * logging: without one, logback logs everything at DEBUG (megabytes of Kafka client chatter a minute).
 *
 * <p>A {@code logback.xml} in each deployable's jar would do the same, but several of them meet on one
 * classpath (the local stack, the distribution), where logback warns about the duplicates and dumps its
 * status at every start; one resource selected by a system property avoids both.
 */
public final class DefaultLogging {
    /** The classpath resource used when nothing else is configured: INFO, Kafka and Jetty at WARN. */
    public static final String RESOURCE = "herald-service-logback.xml";
    static final String PROPERTY = "logback.configurationFile";

    private DefaultLogging() {
    }

    /** Call first thing in a {@code Main}, before any logger exists. */
    public static void installUnlessConfigured() {
        ClassLoader loader = DefaultLogging.class.getClassLoader();
        String chosen = choose(System::getProperty, name -> loader.getResource(name) == null ? null : name);
        if (chosen != null) System.setProperty(PROPERTY, chosen);
    }

    /**
     * The configuration to select, or {@code null} to leave logback's own lookup alone: an explicit
     * {@code -Dlogback.configurationFile} and a {@code logback.xml}/{@code logback-test.xml} on the classpath win.
     */
    static String choose(UnaryOperator<String> systemProperty, Function<String, String> classpathResource) {
        if (systemProperty.apply(PROPERTY) != null) return null;
        if (classpathResource.apply("logback-test.xml") != null) return null;
        if (classpathResource.apply("logback.xml") != null) return null;
        return RESOURCE;
    }
}
