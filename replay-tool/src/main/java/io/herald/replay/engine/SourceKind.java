package io.herald.replay.engine;

import java.util.Locale;

/** What a source topic holds, which decides how its records are read and what a replay sends. */
public enum SourceKind {
    /** ParkedNotification values: the replay sends their {@code request}. */
    PARKED,
    /** Dead letters: original bytes, passed through untouched. */
    DLQ,
    /** NotificationRequest values (request or replay topics): sent as they are. */
    REQUEST;

    /** Guesses the kind from a topic name: {@code *parked*}, {@code *dlq*}, else REQUEST. */
    public static SourceKind of(String topic) {
        String t = topic.toLowerCase(Locale.ROOT);
        if (t.contains("parked")) return PARKED;
        if (t.contains("dlq")) return DLQ;
        return REQUEST;
    }
}
