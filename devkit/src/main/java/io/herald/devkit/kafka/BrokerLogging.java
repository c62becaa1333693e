package io.herald.devkit.kafka;

import java.util.List;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded broker's INFO chatter down to WARN.
 *
 * <p>A library must not ship a {@code logback.xml} (it would override the application's), so the
 * levels are set through the logback API instead, and only for loggers nobody configured: an
 * explicit level in the application's or test's own logback configuration always wins.
 */
final class BrokerLogging {

    /** The broker logs under its Scala package, its Java packages and one legacy logger name. */
    static final List<String> NOISY_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private BrokerLogging() {
    }

    static void quiet() {
        // Checked by name first: devkit users may exclude logback, and touching its classes
        // without it on the class path would fail with NoClassDefFoundError.
        if (!isPresent("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        Logback.quiet(factory, NOISY_LOGGERS);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, BrokerLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Kept apart so logback classes are only linked once they are known to be present. */
    private static final class Logback {
        static void quiet(ILoggerFactory factory, List<String> names) {
            if (!(factory instanceof ch.qos.logback.classic.LoggerContext context)) {
                return; // another SLF4J binding is active; its configuration is the user's business
            }
            for (String name : names) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }
    }
}
