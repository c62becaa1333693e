package io.herald.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Drops the WARN lines every start or stop of the embedded stack prints although nothing is wrong, so that a WARN on
 * the console means something again:
 * <ul>
 *   <li>a consumer's metadata naming only Kafka Streams' own internal topics ({@code …-repartition},
 *       {@code …-changelog}) as {@code UNKNOWN_TOPIC_OR_PARTITION}: Streams creates them during its first
 *       rebalance, just after the first metadata request; any other topic missing still warns;</li>
 *   <li>the embedded KRaft controller announcing that it bootstraps an empty metadata log (a first start);</li>
 *   <li>the embedded broker's auto-creation of an internal topic ({@code __transaction_state}) answered
 *       {@code TOPIC_ALREADY_EXISTS}: every service's transactional producer looks up its coordinator at once, each
 *       look-up asks for the topic, and all but the first find it created; any other creation error still warns;</li>
 *   <li>the embedded broker's controller channel closing a client its shutdown had already closed.</li>
 * </ul>
 * Referenced by the shipped logging configurations; logback is on every service's classpath at run time.
 */
public final class BenignStartupWarnings extends TurboFilter {
    private static final Pattern UNKNOWN = Pattern.compile("([^\\s{},=]+)=UNKNOWN_TOPIC_OR_PARTITION");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) return FilterReply.NEUTRAL;
        String name = logger.getName();
        if (name.equals("org.apache.kafka.clients.NetworkClient") && format.contains("recoverable issue")) {
            return onlyStreamsInternalTopics(MessageFormatter.arrayFormat(format, params).getMessage())
                    ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
        if (name.equals("org.apache.kafka.controller.QuorumController") && format.contains("Performing controller activation")) {
            return FilterReply.DENY;
        }
        if (name.equals("kafka.server.DefaultAutoTopicCreationManager") && format.contains("Auto topic creation failed")) {
            return MessageFormatter.arrayFormat(format, params).getMessage().contains("'TOPIC_ALREADY_EXISTS'")
                    ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
        if (name.equals("org.apache.kafka.clients.NetworkClient") && format.contains("already been closed")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** Whether the message names missing topics and all of them are Streams-internal. */
    static boolean onlyStreamsInternalTopics(String message) {
        Matcher m = UNKNOWN.matcher(message);
        boolean any = false;
        while (m.find()) {
            String topic = m.group(1);
            if (!topic.endsWith("-repartition") && !topic.endsWith("-changelog")) return false;
            any = true;
        }
        return any;
    }
}
