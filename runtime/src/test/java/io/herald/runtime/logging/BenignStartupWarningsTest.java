package io.herald.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenignStartupWarningsTest {
    private static final String METADATA = "[Consumer clientId={}] The metadata response from the cluster reported a recoverable issue "
            + "with correlation id {} : {}";
    private final LoggerContext context = new LoggerContext();
    private final BenignStartupWarnings filter = new BenignStartupWarnings();

    @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "org.apache.kafka.clients.NetworkClient|WARN|{herald-router-ledger-intake-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                    + "herald-router-dedup-changelog=UNKNOWN_TOPIC_OR_PARTITION}|DENY",
            "org.apache.kafka.clients.NetworkClient|WARN|{notify.request.v1=UNKNOWN_TOPIC_OR_PARTITION}|NEUTRAL",
            "org.apache.kafka.clients.NetworkClient|WARN|{herald-router-x-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                    + "notify.outcome.v1=UNKNOWN_TOPIC_OR_PARTITION}|NEUTRAL",
            "org.apache.kafka.clients.NetworkClient|WARN|{herald-router-x-repartition=LEADER_NOT_AVAILABLE}|NEUTRAL",
            "org.apache.kafka.clients.NetworkClient|ERROR|{herald-router-x-repartition=UNKNOWN_TOPIC_OR_PARTITION}|NEUTRAL",
            "io.herald.router.RouterApp|WARN|{herald-router-x-repartition=UNKNOWN_TOPIC_OR_PARTITION}|NEUTRAL"})
    void dropsOnlyMetadataWarningsAboutStreamsOwnTopicsNotYetCreated(String logger, String level, String topics, FilterReply reply) {
        assertThat(filter.decide(null, context.getLogger(logger), Level.toLevel(level), METADATA,
                new Object[] {"c-1", 7, topics}, null)).isEqualTo(reply);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "[QuorumController id=1] Performing controller activation. The metadata log appears to be empty.|DENY",
            "[QuorumController id=1] Renouncing the leadership due to a metadata log event.|NEUTRAL"})
    void dropsOnlyTheControllersFirstStartNotice(String message, FilterReply reply) {
        assertThat(filter.decide(null, context.getLogger("org.apache.kafka.controller.QuorumController"), Level.WARN, message,
                null, null)).isEqualTo(reply);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "TOPIC_ALREADY_EXISTS|Topic '__transaction_state' already exists.|DENY",
            "INVALID_REPLICATION_FACTOR|Unable to replicate the partition 3 time(s)|NEUTRAL"})
    void dropsOnlyAnAutoCreatedTopicThatAnotherRequestCreatedFirst(String error, String detail, FilterReply reply) {
        assertThat(filter.decide(null, context.getLogger("kafka.server.DefaultAutoTopicCreationManager"), Level.WARN,
                "Auto topic creation failed for {} with error '{}': {}.", new Object[] {"__transaction_state", error, detail},
                null)).isEqualTo(reply);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "WARN|Attempting to close NetworkClient that has already been closed.|DENY",
            "ERROR|Attempting to close NetworkClient that has already been closed.|NEUTRAL",
            "WARN|Connection to node 1 (/127.0.0.1:19092) could not be established. Node may not be available.|NEUTRAL"})
    void dropsOnlyASecondCloseOfAClient(String level, String message, FilterReply reply) {
        assertThat(filter.decide(null, context.getLogger("org.apache.kafka.clients.NetworkClient"), Level.toLevel(level),
                "[NodeToControllerChannelManager id=1 name=registration] " + message, null, null)).isEqualTo(reply);
    }
}
