package io.herald.replay.engine;

/** The operator named a topic that does not exist on the cluster. */
public final class UnknownTopicException extends RuntimeException {
    private final String topic;

    public UnknownTopicException(String topic) {
        super("unknown topic '" + topic + "'");
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
