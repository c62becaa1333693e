package io.herald.devkit.kafka;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Names for topics, consumer groups and transactional ids that never collide, so tests can share
 * one broker per JVM (and one log directory across runs) without seeing each other's records.
 */
public final class TopicNames {

    /** Kafka's limit on topic name length. */
    static final int MAX_LENGTH = 249;

    private static final Pattern ILLEGAL = Pattern.compile("[^a-zA-Z0-9._-]");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Differs per JVM, so two test JVMs on one persistent broker do not reuse names either. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private TopicNames() {
    }

    /**
     * A legal, unique Kafka name starting with {@code prefix}, e.g. {@code notify.request.v1-3-1a2b3c4d}.
     *
     * <p>Characters Kafka does not allow are replaced by {@code -}, and long prefixes are cut so
     * the result fits Kafka's 249-character limit. Separators are {@code -} rather than
     * {@code .} or {@code _} because Kafka warns about names that differ only in those two.
     */
    public static String unique(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix must not be blank but was '" + prefix + "'");
        }
        String suffix = "-" + SEQUENCE.incrementAndGet() + "-" + RUN;
        String legal = ILLEGAL.matcher(prefix).replaceAll("-");
        if (legal.length() + suffix.length() > MAX_LENGTH) {
            legal = legal.substring(0, MAX_LENGTH - suffix.length());
        }
        return legal + suffix;
    }
}
